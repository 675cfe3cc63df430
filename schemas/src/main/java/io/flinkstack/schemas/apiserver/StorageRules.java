package io.flinkstack.schemas.apiserver;

import java.util.Set;

/**
 * PersistentVolumeClaims, standalone and as a StatefulSet's volumeClaimTemplates: {@code
 * pkg/apis/core/validation/validation.go} ValidatePersistentVolumeClaim / ValidatePersistentVolumeClaimSpec.
 *
 * <p>In 1.32 the StatefulSet's own validation does not look into its claim templates; the controller creates one
 * claim per pod, named {@code <template>-<statefulset>-<ordinal>}, and that create is validated in full.
 */
final class StorageRules {
  private static final Set<String> ACCESS_MODES =
      Set.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
  private static final Set<String> VOLUME_MODES = Set.of("Filesystem", "Block");

  private StorageRules() {}

  static void claim(Field object, Problems problems) {
    spec(object.get("spec"), problems);
  }

  static void claimTemplate(Field claim, Field statefulSet, Problems problems) {
    Problems claimCreation = problems.at(Stage.STATEFULSET_CLAIM);
    Field name = claim.get("metadata", "name");
    if (name.textOrEmpty().isEmpty()) {
      claimCreation.report(name, "each volumeClaimTemplate needs metadata.name; containers mount it by that name");
    } else {
      String volumeProblem = Formats.dns1123Label(name.text());
      if (volumeProblem != null) {
        problems.at(Stage.STATEFULSET_POD).report(name, "the claim template name " + name.shown()
            + " becomes a pod volume name, which " + volumeProblem);
      }
      String claimName = name.text() + "-" + statefulSet.get("metadata", "name").textOrEmpty() + "-0";
      String claimProblem = Formats.dns1123Subdomain(claimName);
      if (claimProblem != null) {
        claimCreation.report(name, "claims are named '<template>-<statefulset>-<ordinal>' (here '" + claimName
            + "'), which " + claimProblem);
      }
    }
    MetadataRules.labelsAndAnnotations(claim.get("metadata"), claimCreation);
    spec(claim.get("spec"), claimCreation);
  }

  private static void spec(Field spec, Problems problems) {
    Field accessModes = spec.get("accessModes");
    if (!accessModes.hasEntries()) {
      problems.report(accessModes, "at least one access mode is required, e.g. [ReadWriteOnce]");
    }
    boolean oncePod = false;
    boolean others = false;
    for (Field mode : accessModes.items()) {
      ContainerRules.values(mode, ACCESS_MODES, problems);
      oncePod |= "ReadWriteOncePod".equals(mode.text());
      others |= mode.isText() && ACCESS_MODES.contains(mode.text()) && !"ReadWriteOncePod".equals(mode.text());
    }
    if (oncePod && others) {
      problems.report(accessModes, "ReadWriteOncePod cannot be combined with other access modes");
    }
    Field storage = spec.get("resources", "requests", "storage");
    if (!storage.isSet()) {
      problems.report(storage, "a storage request is required, e.g. resources.requests.storage: 10Gi");
    } else {
      ContainerRules.quantity(storage, problems).filter(q -> q.signum() == 0).ifPresent(q ->
          problems.report(storage, "the storage request must be greater than zero"));
    }
    Field storageClass = spec.get("storageClassName");
    if (!storageClass.textOrEmpty().isEmpty()) {
      String problem = Formats.dns1123Subdomain(storageClass.text());
      if (problem != null) {
        problems.report(storageClass, "storageClassName " + storageClass.shown() + " " + problem);
      }
    }
    ContainerRules.values(spec.get("volumeMode"), VOLUME_MODES, problems);
    if (spec.get("selector").isSet()) {
      Selectors.selector(spec.get("selector"), problems);
    }
  }
}

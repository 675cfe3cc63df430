package io.flinkstack.schemas.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The update rules of a Kubernetes 1.32 API server (default feature gates): the fields of an object that an update
 * may not change, so that {@code kubectl apply} of a new manifest over an object created from an old one fails (or,
 * for a Service's {@code clusterIP}, succeeds without making the change). {@link ApiServerRules} judges one object;
 * these judge a pair, the manifest an object was created from and the manifest about to be applied.
 *
 * <p>Objects are matched by API group (not version: {@code apps/v1beta2} and {@code apps/v1} name the same stored
 * object), kind, namespace and name. Both sides are compared after the defaults the API server fills in for the
 * compared fields, and a field removed from the manifest counts as reset to its default, which is what {@code kubectl
 * apply}'s three-way merge does with a field the last applied manifest had. Changes to values that someone other
 * than the manifest wrote (a Service's allocated clusterIP, a claim's bound volume) are not visible here; where they
 * decide the outcome, the message says so.
 *
 * <p>Rules, each with the upstream function that enforces it:
 * <ul>
 *   <li>StatefulSet: {@code pkg/apis/apps/validation} ValidateStatefulSetUpdate: in 1.32 an update may change only
 *       {@code replicas}, {@code ordinals}, {@code template}, {@code updateStrategy},
 *       {@code persistentVolumeClaimRetentionPolicy} and {@code minReadySeconds}; any other difference in
 *       {@code spec} ({@code serviceName}, {@code volumeClaimTemplates}, {@code podManagementPolicy},
 *       {@code selector}, {@code revisionHistoryLimit}) is forbidden.</li>
 *   <li>Deployment, DaemonSet, ReplicaSet: {@code spec.selector} is immutable in {@code apps/v1} (the update strategies'
 *       ValidateUpdate in {@code pkg/registry/apps/deployment}, {@code daemonset}, {@code replicaset}, which call
 *       ValidateImmutableField on the selector).</li>
 *   <li>Service: {@code pkg/apis/core/validation} ValidateServiceUpdate: a clusterIP, once set or allocated, may not
 *       change, except on a change to or from type ExternalName; and when the new manifest leaves clusterIP unset, the
 *       registry carries the old value over ({@code pkg/registry/core/service/storage}, patchAllocatedValues), so a
 *       headless Service stays headless.</li>
 *   <li>PersistentVolumeClaim: {@code pkg/apis/core/validation} ValidatePersistentVolumeClaimUpdate: the spec is
 *       immutable after creation except {@code resources.requests} of a bound claim, which may grow (the volume is
 *       expanded) but not shrink below the old request; an unset {@code storageClassName} may be set only while the
 *       claim has none (RetroactiveDefaultStorageClass).</li>
 *   <li>Job: {@code pkg/apis/batch/validation} ValidateJobSpecUpdate: {@code spec.template} and {@code spec.selector}
 *       are immutable (only a suspended Job that never started may change its pods' scheduling directives).</li>
 *   <li>RoleBinding, ClusterRoleBinding: {@code pkg/apis/rbac/validation} ValidateRoleBindingUpdate and
 *       ValidateClusterRoleBindingUpdate: {@code roleRef} may not change.</li>
 *   <li>ConfigMap, Secret with {@code immutable: true}: ValidateConfigMapUpdate and ValidateSecretUpdate: data and
 *       the flag itself may not change.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; input of the wrong shape is never an exception (the schema reports it).
 */
public final class ImmutableFields {
  /** What a StatefulSet update may change (1.32); everything else in its spec is forbidden to. */
  static final Set<String> STATEFULSET_MUTABLE = Set.of(
      "replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

  private static final int SHOWN_MAX = 100;

  private ImmutableFields() {}

  /**
   * An object's identity for updates.
   *
   * @param group API group, "" for the core group
   * @param namespace "" when the manifest leaves it to kubectl's context
   */
  public record ObjectId(String group, String kind, String namespace, String name) {
    /** The identity of a manifest object; empty when apiVersion, kind or metadata.name is missing. */
    public static Optional<ObjectId> of(JsonNode object) {
      if (object == null || !object.path("apiVersion").isTextual() || !object.path("kind").isTextual()
          || !object.path("metadata").path("name").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new ObjectId(Kinds.group(object.get("apiVersion").textValue()),
          object.get("kind").textValue(), object.path("metadata").path("namespace").asText(""),
          object.get("metadata").get("name").textValue()));
    }

    /** {@code StatefulSet wordcount-jobmanager}, with {@code -n NS} when the manifest names a namespace. */
    public String describe() {
      return kind + " " + name + namespaceFlag();
    }

    /** {@code " -n NS"} or "", as kubectl takes it. */
    String namespaceFlag() {
      return namespace.isEmpty() ? "" : " -n " + namespace;
    }
  }

  /**
   * A change {@code kubectl apply} would not make.
   *
   * @param object the object
   * @param pointer the immutable field, e.g. {@code /spec/serviceName}
   * @param change what changes, e.g. {@code 'a' → 'b'}
   * @param rule why the API server refuses it, with the upstream function
   * @param procedure what works instead, as commands
   */
  public record Change(ObjectId object, String pointer, String change, String rule, String procedure) {
    @Override
    public String toString() {
      return object.describe() + " " + pointer + ": " + change + "; " + rule + ". Instead: " + procedure;
    }
  }

  /**
   * The changes from {@code before} to {@code after} that an update would refuse, in {@code after}'s order, each
   * object matched by identity. Objects on one side only are no update (a new object is created; a dropped one is
   * left alone by {@code kubectl apply} without {@code --prune}).
   */
  public static List<Change> compare(List<JsonNode> before, List<JsonNode> after) {
    Map<ObjectId, JsonNode> old = new LinkedHashMap<>();
    for (JsonNode object : before) {
      ObjectId.of(object).ifPresent(id -> old.putIfAbsent(id, object));
    }
    List<Change> changes = new ArrayList<>();
    for (JsonNode object : after) {
      ObjectId.of(object).ifPresent(id -> {
        if (old.containsKey(id)) {
          changes.addAll(changes(old.get(id), object));
        }
      });
    }
    return List.copyOf(changes);
  }

  /** The refused changes from one object to the next version of it; none when they are not the same object. */
  public static List<Change> changes(JsonNode before, JsonNode after) {
    Optional<ObjectId> id = ObjectId.of(after);
    if (id.isEmpty() || !id.equals(ObjectId.of(before))) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    ObjectId object = id.get();
    Field old = Field.root(before);
    Field now = Field.root(after);
    switch (object.group() + "/" + object.kind()) {
      case "apps/StatefulSet" -> statefulSet(object, old, now, changes);
      case "apps/Deployment", "apps/DaemonSet", "apps/ReplicaSet" -> workloadSelector(object, old, now, changes);
      case "/Service" -> service(object, old, now, changes);
      case "/PersistentVolumeClaim" -> claim(object, old, now, changes);
      case "batch/Job" -> job(object, old, now, changes);
      case "rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding" ->
          roleRef(object, old, now, changes);
      case "/ConfigMap", "/Secret" -> immutableData(object, old, now, changes);
      default -> { }
    }
    return List.copyOf(changes);
  }

  // ValidateStatefulSetUpdate: the spec minus the mutable fields must stay equal (after defaulting).
  private static void statefulSet(ObjectId id, Field old, Field now, List<Change> changes) {
    Set<String> names = new LinkedHashSet<>(now.get("spec").fields().keySet());
    names.addAll(old.get("spec").fields().keySet());
    for (String name : names) {
      if (STATEFULSET_MUTABLE.contains(name)) {
        continue;
      }
      JsonNode was = statefulSetDefault(name, old.get("spec", name).value());
      JsonNode becomes = statefulSetDefault(name, now.get("spec", name).value());
      if (same(was, becomes)) {
        continue;
      }
      String pointer = "/spec/" + name;
      String rule = "a StatefulSet's spec may change only in replicas, ordinals, template, updateStrategy,"
          + " persistentVolumeClaimRetentionPolicy and minReadySeconds (ValidateStatefulSetUpdate,"
          + " pkg/apis/apps/validation), so kubectl apply is refused";
      String change = name.equals("volumeClaimTemplates") ? claimTemplatesChange(was, becomes) : difference(was, becomes);
      String procedure;
      if (name.equals("selector")) {
        // Orphaned pods would match nothing and keep the names the new StatefulSet's pods need.
        procedure = "kubectl delete statefulset " + id.name() + id.namespaceFlag() + " (its pods go with it and are"
            + " recreated), then kubectl apply";
      } else {
        procedure = "kubectl delete statefulset " + id.name() + id.namespaceFlag() + " --cascade=orphan, then kubectl"
            + " apply: the pods keep running and the new StatefulSet adopts them (same selector); a pod takes the"
            + " change when it is next recreated";
        if (name.equals("volumeClaimTemplates")) {
          procedure += "; claims that exist stay as they are (one is created only for a pod without it): resize them"
              + " with kubectl patch pvc where the storage class allows expansion, or delete a pod and its claim to"
              + " get a new one";
        }
      }
      changes.add(new Change(id, pointer, change, rule, procedure));
    }
  }

  /** The values apps/v1 SetDefaults_StatefulSet fills in, so an explicit default equals an unset field. */
  private static JsonNode statefulSetDefault(String field, JsonNode value) {
    boolean unset = value == null || value.isMissingNode() || value.isNull();
    return switch (field) {
      case "podManagementPolicy" -> unset ? JsonNodeFactory.instance.textNode("OrderedReady") : value;
      case "revisionHistoryLimit" -> unset ? JsonNodeFactory.instance.numberNode(10) : value;
      case "serviceName" -> unset ? JsonNodeFactory.instance.textNode("") : value;
      case "volumeClaimTemplates" -> claimTemplates(value);
      default -> unset ? MissingNode.getInstance() : value;
    };
  }

  /**
   * Claim templates as stored: the API server drops their apiVersion, kind and status (not part of the template)
   * and defaults volumeMode to Filesystem; an empty list is no list.
   */
  private static JsonNode claimTemplates(JsonNode value) {
    var list = JsonNodeFactory.instance.arrayNode();
    if (value != null && value.isArray()) {
      for (JsonNode template : value) {
        if (!template.isObject()) {
          list.add(template);
          continue;
        }
        ObjectNode copy = template.deepCopy();
        copy.remove(List.of("apiVersion", "kind", "status"));
        if (copy.path("spec").isObject() && !copy.path("spec").path("volumeMode").isTextual()) {
          ((ObjectNode) copy.get("spec")).put("volumeMode", "Filesystem");
        }
        list.add(copy);
      }
    }
    return list;
  }

  private static String claimTemplatesChange(JsonNode was, JsonNode becomes) {
    List<String> before = claimNames(was);
    List<String> after = claimNames(becomes);
    if (!before.equals(after)) {
      return "claims " + before + " → " + after;
    }
    for (int i = 0; i < was.size(); i++) {
      if (!same(was.get(i), becomes.get(i))) {
        return "claim '" + after.get(i) + "' " + difference(was.get(i), becomes.get(i));
      }
    }
    return difference(was, becomes);
  }

  private static List<String> claimNames(JsonNode templates) {
    List<String> names = new ArrayList<>();
    templates.forEach(t -> names.add(t.path("metadata").path("name").asText("?")));
    return names;
  }

  private static void workloadSelector(ObjectId id, Field old, Field now, List<Change> changes) {
    Field was = old.get("spec", "selector");
    Field becomes = now.get("spec", "selector");
    if (!same(was.value(), becomes.value())) {
      String resource = id.kind().toLowerCase(java.util.Locale.ROOT);
      changes.add(new Change(id, "/spec/selector", difference(was.value(), becomes.value()),
          "a " + id.kind() + "'s selector is immutable in apps/v1 (ValidateImmutableField in its registry strategy's"
              + " ValidateUpdate, pkg/registry/apps), so kubectl apply is refused",
          "kubectl delete " + resource + " " + id.name() + id.namespaceFlag() + " (its pods go with it), then kubectl"
              + " apply; orphaning would leave the old pods running outside the new selector"));
    }
  }

  // ValidateServiceUpdate (clusterIPs may not change once set) and the registry's carrying over of an unset clusterIP.
  private static void service(ObjectId id, Field old, Field now, List<Change> changes) {
    if ("ExternalName".equals(old.get("spec", "type").text()) || "ExternalName".equals(now.get("spec", "type").text())) {
      return;
    }
    String was = old.get("spec", "clusterIP").textOrEmpty();
    String becomes = now.get("spec", "clusterIP").textOrEmpty();
    if (was.equals(becomes)) {
      return;
    }
    String procedure = "kubectl delete service " + id.name() + id.namespaceFlag() + ", then kubectl apply: the Service"
        + " is recreated (its DNS name stays; connections through the old address break)";
    String pointer = "/spec/clusterIP";
    if (becomes.isEmpty()) {
      changes.add(new Change(id, pointer, "'" + was + "' → unset",
          "kubectl apply succeeds but changes nothing: the API server keeps the clusterIP a Service has when the"
              + " update leaves it unset (patchAllocatedValues, pkg/registry/core/service/storage)", procedure));
    } else {
      changes.add(new Change(id, pointer, (was.isEmpty() ? "an allocated address" : "'" + was + "'") + " → '" + becomes
          + "'", "a Service's clusterIP may not change once set or allocated (ValidateServiceUpdate,"
              + " pkg/apis/core/validation), so kubectl apply is refused", procedure));
    }
  }

  // ValidatePersistentVolumeClaimUpdate: spec immutable but for a growing storage request.
  private static void claim(ObjectId id, Field old, Field now, List<Change> changes) {
    String rule = "a PersistentVolumeClaim's spec is immutable after creation except a bound claim's growing storage"
        + " request (ValidatePersistentVolumeClaimUpdate, pkg/apis/core/validation), so kubectl apply is refused";
    String procedure = "stop the pods that use it, kubectl delete pvc " + id.name() + id.namespaceFlag() + ", then"
        + " kubectl apply: the claim gets a new, empty volume (copy the data first, or set the old PersistentVolume's"
        + " reclaim policy to Retain to keep it)";
    Set<String> names = new LinkedHashSet<>(now.get("spec").fields().keySet());
    names.addAll(old.get("spec").fields().keySet());
    for (String name : names) {
      Field was = old.get("spec", name);
      Field becomes = now.get("spec", name);
      switch (name) {
        case "volumeName" -> { } // set once by the binder: a manifest that sets it is bound where it says
        case "resources" -> {
          Optional<BigDecimal> a = Quantity.parse(was.get("requests", "storage").value());
          Optional<BigDecimal> b = Quantity.parse(becomes.get("requests", "storage").value());
          if (a.isPresent() && b.isPresent() && b.get().compareTo(a.get()) < 0) {
            changes.add(new Change(id, becomes.get("requests", "storage").pointer(),
                was.get("requests", "storage").shown() + " → " + becomes.get("requests", "storage").shown(),
                "a claim's storage request may grow but not shrink (ValidatePersistentVolumeClaimUpdate,"
                    + " pkg/apis/core/validation), so kubectl apply is refused", procedure));
          }
          ObjectNode restWas = without(was.value(), "requests", "storage");
          ObjectNode restBecomes = without(becomes.value(), "requests", "storage");
          if (!same(restWas, restBecomes)) {
            changes.add(new Change(id, becomes.pointer(), difference(restWas, restBecomes), rule, procedure));
          }
        }
        case "storageClassName" -> {
          if (was.isSet() && !same(was.value(), becomes.value())) {
            changes.add(new Change(id, becomes.pointer(), difference(was.value(), becomes.value()), rule, procedure));
          } else if (!was.isSet() && becomes.isSet()) {
            changes.add(new Change(id, becomes.pointer(), "unset → " + becomes.shown(),
                "refused unless the claim is still without a class (RetroactiveDefaultStorageClass, in"
                    + " ValidatePersistentVolumeClaimUpdate): with a default StorageClass in the cluster the claim"
                    + " already has that one", procedure));
          }
        }
        default -> {
          JsonNode a = name.equals("volumeMode") && !was.isSet() ? JsonNodeFactory.instance.textNode("Filesystem") : was.value();
          JsonNode b = name.equals("volumeMode") && !becomes.isSet() ? JsonNodeFactory.instance.textNode("Filesystem") : becomes.value();
          if (!same(a, b)) {
            changes.add(new Change(id, becomes.pointer(), difference(a, b), rule, procedure));
          }
        }
      }
    }
  }

  // ValidateJobSpecUpdate.
  private static void job(ObjectId id, Field old, Field now, List<Change> changes) {
    for (String name : List.of("selector", "template")) {
      Field was = old.get("spec", name);
      Field becomes = now.get("spec", name);
      if (!same(was.value(), becomes.value())) {
        changes.add(new Change(id, becomes.pointer(), difference(was.value(), becomes.value()),
            "a Job's " + name + " is immutable (ValidateJobSpecUpdate, pkg/apis/batch/validation; only a suspended"
                + " Job that never started may change its pods' scheduling directives), so kubectl apply is refused",
            "kubectl delete job " + id.name() + id.namespaceFlag() + ", then kubectl apply: the Job runs again"));
      }
    }
  }

  // ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate.
  private static void roleRef(ObjectId id, Field old, Field now, List<Change> changes) {
    Field was = old.get("roleRef");
    Field becomes = now.get("roleRef");
    if (!same(was.value(), becomes.value())) {
      changes.add(new Change(id, "/roleRef", difference(was.value(), becomes.value()),
          "a binding's roleRef cannot change (Validate" + id.kind() + "Update, pkg/apis/rbac/validation), so kubectl"
              + " apply is refused",
          "kubectl delete " + id.kind().toLowerCase(java.util.Locale.ROOT) + " " + id.name() + id.namespaceFlag()
              + ", then kubectl apply (the subjects lose the permissions in between)"));
    }
  }

  // ValidateConfigMapUpdate / ValidateSecretUpdate: an immutable one keeps its data and the flag.
  private static void immutableData(ObjectId id, Field old, Field now, List<Change> changes) {
    if (!old.get("immutable").isTrue()) {
      return;
    }
    for (String name : List.of("immutable", "data", "binaryData", "stringData")) {
      Field was = old.get(name);
      Field becomes = now.get(name);
      if (!same(was.value(), becomes.value())) {
        changes.add(new Change(id, becomes.pointer(), difference(was.value(), becomes.value()),
            "a " + id.kind() + " created with immutable: true keeps its data and the flag (Validate" + id.kind()
                + "Update, pkg/apis/core/validation), so kubectl apply is refused",
            "kubectl delete " + id.kind().toLowerCase(java.util.Locale.ROOT) + " " + id.name() + id.namespaceFlag()
                + ", then kubectl apply (pods that mount it see the new data only when restarted)"));
      }
    }
  }

  /** Kubernetes reads null, absent, and (for lists and maps) empty alike. */
  static boolean same(JsonNode a, JsonNode b) {
    return Objects.equals(normal(a), normal(b));
  }

  private static JsonNode normal(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()
        || ((node.isArray() || node.isObject()) && node.isEmpty())) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> {
        JsonNode value = normal(e.getValue());
        if (value != null) {
          copy.set(e.getKey(), value);
        }
      });
      return copy.isEmpty() ? null : copy;
    }
    if (node.isArray()) {
      var copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(normal(item) == null ? JsonNodeFactory.instance.nullNode() : normal(item)));
      return copy;
    }
    return node;
  }

  private static ObjectNode without(JsonNode node, String parent, String child) {
    ObjectNode copy = node != null && node.isObject() ? node.deepCopy() : JsonNodeFactory.instance.objectNode();
    if (copy.path(parent).isObject()) {
      ((ObjectNode) copy.get(parent)).remove(child);
    }
    return copy;
  }

  /** The first place where two values differ, as {@code [at /p] old → new}, values shortened for one line. */
  static String difference(JsonNode was, JsonNode becomes) {
    return difference("", normal(was), normal(becomes));
  }

  private static String difference(String at, JsonNode was, JsonNode becomes) {
    if (was != null && becomes != null && was.isObject() && becomes.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      was.fieldNames().forEachRemaining(names::add);
      becomes.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!Objects.equals(was.get(name), becomes.get(name))) {
          return difference(Field.append(at, name), was.get(name), becomes.get(name));
        }
      }
    }
    String values = shown(was) + " → " + shown(becomes);
    return at.isEmpty() ? values : "at " + at + " " + values;
  }

  private static String shown(JsonNode node) {
    if (node == null) {
      return "unset";
    }
    String text = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
    return text.length() <= SHOWN_MAX ? text : text.substring(0, SHOWN_MAX - 1) + "…";
  }
}

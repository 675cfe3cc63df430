package io.flinkstack.stacks;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.flinkstack.constructs.FlinkApplication;
import io.flinkstack.constructs.synth.AppSynthesizer;
import io.flinkstack.constructs.synth.DeploymentTier;
import io.flinkstack.constructs.synth.SynthesizedChart;
import io.flinkstack.constructs.synth.SynthesizedObject;
import io.flinkstack.constructs.validation.ValidationException;
import io.flinkstack.contract.ClusterNames;
import io.flinkstack.contract.FlinkPorts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.cdk8s.App;

/**
 * Deploys flinkstack applications with Pulumi: the cdk8s constructs are synthesized in-process by flinkstack's
 * one synthesis ({@link AppSynthesizer}, as {@code flinkstack synth}), and every object of the result becomes a
 * Pulumi Kubernetes resource, child of this component. The objects, their names and every field are the
 * synthesized ones; their order and replica ownership are what synthesis says of them, never re-derived here.
 *
 * <ul>
 *   <li>Typed SDK resources where com.pulumi:kubernetes has the kind, untyped ones (same provider type
 *       token) for custom resources or objects a typed class cannot carry in full.
 *   <li>Created in {@link DeploymentTier} order: namespaces, then identity/configuration/Services, then
 *       workloads, then HPAs.
 *   <li>An object whose replicas an autoscaler owns ({@link SynthesizedObject#replicasOwnedByAutoscaler()})
 *       keeps its live {@code spec.replicas}.
 * </ul>
 *
 * <p>Invalid construct properties fail with {@link InvalidFlinkApplicationException} (flinkstack's message,
 * unchanged) before any resource is registered.
 */
public final class FlinkApplicationComponent extends ComponentResource {
  public static final String TYPE = "flinkstack:index:FlinkApplication";
  /** The property path Pulumi leaves alone on updates of an autoscaled workload. */
  static final String REPLICAS = "spec.replicas";

  private final List<DeployedObject> objects;
  private final @Nullable FlinkApplicationEndpoints endpoints;

  /** One {@link FlinkApplication}, named {@code name} unless its props name it, in {@code args.namespace()}. */
  public FlinkApplicationComponent(String name, FlinkApplicationArgs args, @Nullable ComponentResourceOptions options) {
    this(name, synthesize(app -> args.define(app, name)), args.namespace(), options);
  }

  /** Whatever {@code definition} adds to a cdk8s app: every object of every chart. */
  public FlinkApplicationComponent(String name, Consumer<App> definition, @Nullable ComponentResourceOptions options) {
    this(name, synthesize(app -> {
      definition.accept(app);
      return null;
    }), null, options);
  }

  /**
   * Objects synthesized beforehand ({@link AppSynthesizer#objects(App)}), registered as they are: each in its
   * {@link SynthesizedObject#tier() tier}, its replicas left alone when {@link
   * SynthesizedObject#replicasOwnedByAutoscaler() an autoscaler owns them}.
   */
  public FlinkApplicationComponent(String name, List<SynthesizedChart> charts, @Nullable ComponentResourceOptions options) {
    this(name, new Synthesized<>(charts, null), null, options);
  }

  private FlinkApplicationComponent(String name, Synthesized<FlinkApplication> synthesized,
      @Nullable String namespace, @Nullable ComponentResourceOptions options) {
    super(TYPE, name, options);
    this.objects = register(name, synthesized.charts());
    this.endpoints = synthesized.defined() == null ? null : endpointsOf(synthesized.defined(), namespace);
    Map<String, Output<?>> outputs = new LinkedHashMap<>();
    if (endpoints != null) {
      outputs.put("namespace", endpoints.namespace());
      outputs.put("restServiceName", endpoints.restServiceName());
      outputs.put("jobManagerUrl", endpoints.jobManagerUrl());
      outputs.put("jobManagerStatefulSetName", endpoints.jobManagerStatefulSetName());
      outputs.put("taskManagerStatefulSetName", endpoints.taskManagerStatefulSetName());
    }
    registerOutputs(outputs);
  }

  /** A definition's charts, in cdk8s' order, and what the definition returned. */
  private record Synthesized<T>(List<SynthesizedChart> charts, @Nullable T defined) {}

  /** Runs a cdk8s definition in-process, on the cdk8s thread, through flinkstack's one synthesis. */
  private static <T> Synthesized<T> synthesize(Function<App, T> definition) {
    try {
      return Cdk8sThread.call(() -> {
        App app = new App();
        T defined = definition.apply(app);
        return new Synthesized<>(AppSynthesizer.objects(app), defined);
      });
    } catch (ValidationException e) {
      throw new InvalidFlinkApplicationException(e);
    }
  }

  /** Every registered object, in creation order (by {@link DeploymentTier}, then as synthesized). */
  public List<DeployedObject> objects() {
    return objects;
  }

  /** The registered resource of the object {@code kind}/{@code name}. */
  public CustomResource resource(String kind, String name) {
    return objects.stream()
        .filter(o -> o.object().kind().equals(kind) && o.object().name().equals(name))
        .map(DeployedObject::resource)
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name + " in " + TYPE));
  }

  /** Present when the component was built from {@link FlinkApplicationArgs}. */
  public Optional<FlinkApplicationEndpoints> endpoints() {
    return Optional.ofNullable(endpoints);
  }

  private List<DeployedObject> register(String name, List<SynthesizedChart> charts) {
    Map<DeploymentTier, List<SynthesizedObject>> tiers = new EnumMap<>(DeploymentTier.class);
    for (SynthesizedChart chart : charts) {
      for (SynthesizedObject object : chart.objects()) {
        tiers.computeIfAbsent(object.tier(), t -> new ArrayList<>()).add(object);
      }
    }
    List<DeployedObject> deployed = new ArrayList<>();
    List<Resource> previousTier = List.of();
    for (List<SynthesizedObject> tier : tiers.values()) { // EnumMap iterates in tier order
      List<Resource> thisTier = new ArrayList<>();
      for (SynthesizedObject object : tier) {
        CustomResourceOptions options = CustomResourceOptions.builder()
            .parent(this)
            .dependsOn(previousTier) // transitively every earlier tier
            .ignoreChanges(object.replicasOwnedByAutoscaler() ? List.of(REPLICAS) : List.of())
            .build();
        DeployedObject d = KubernetesResourceFactory.register(object, resourceName(name, object), options);
        deployed.add(d);
        thisTier.add(d.resource());
      }
      previousTier = List.copyOf(thisTier);
    }
    return List.copyOf(deployed);
  }

  /** Unique in the stack: component, namespace and object name (the type token tells kinds apart). */
  private static String resourceName(String component, SynthesizedObject object) {
    String namespace = object.namespace();
    return component + "/" + (namespace == null ? "" : namespace + "/") + object.name();
  }

  private FlinkApplicationEndpoints endpointsOf(FlinkApplication application, String namespace) {
    String cluster = application.getName();
    String rest = application.getRestServiceName();
    return new FlinkApplicationEndpoints(
        Output.of(namespace),
        nameOnceRegistered("Service", rest),
        nameOnceRegistered("Service", rest)
            .applyValue(service -> "http://" + service + "." + namespace + ".svc:" + FlinkPorts.REST),
        nameOnceRegistered("StatefulSet", ClusterNames.jobManager(cluster)),
        nameOnceRegistered("StatefulSet", ClusterNames.taskManager(cluster)));
  }

  // Known at preview (URNs are), yet carrying the dependency on the object.
  private Output<String> nameOnceRegistered(String kind, String objectName) {
    return resource(kind, objectName).urn().applyValue(urn -> objectName);
  }
}

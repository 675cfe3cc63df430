package io.flinkstack.stacks;

import com.pulumi.Context;
import com.pulumi.resources.Resource;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import pulumirpc.Resource.RegisterResourceRequest;

/**
 * Runs a Pulumi program against the SDK's mock engine and records what reached it: each resource's type,
 * name and inputs (as the provider would receive them) and its options (parent, dependsOn, ignoreChanges).
 */
final class MockStack {
  static final String PROJECT = "flinkstack";
  static final String STACK = "dev";

  private MockStack() {}

  /** One registered resource. Dependencies and parent are resource names (the last URN segment). */
  record Registration(String type, String name, Map<String, Object> inputs, String parent, List<String> dependsOn,
      List<String> ignoreChanges) {}

  record Run(TestResult result, List<Registration> registrations) {
    List<Registration> kubernetes() {
      return registrations.stream().filter(r -> r.type().startsWith("kubernetes:")).toList();
    }

    /** The Kubernetes resource of that kind and Pulumi name. */
    Registration find(String kind, String name) {
      return registrations.stream().filter(r -> r.type().endsWith(":" + kind) && r.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + names()));
    }

    Registration named(String name) {
      return registrations.stream().filter(r -> r.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no resource named " + name + " in " + names()));
    }

    List<String> names() {
      return registrations.stream().map(Registration::name).toList();
    }

    Object output(String name) {
      return PulumiTest.extractValue(result.output(name));
    }
  }

  static Run run(Map<String, String> config, Consumer<Context> program) {
    Map<String, Map<String, Object>> inputs = new ConcurrentHashMap<>();
    Mocks mocks = args -> {
      inputs.put(args.type + " " + args.name, args.inputs);
      // The engine's answer: state = inputs, as a provider returns what it created.
      return CompletableFuture.completedFuture(Mocks.ResourceResult.of(Optional.of(args.name + "-id"), args.inputs));
    };
    List<RegisterResourceRequest> requests = Collections.synchronizedList(new ArrayList<>());
    try {
      TestResult result = PulumiTestInternal.builder()
          .options(TestOptions.builder().projectName(PROJECT).stackName(STACK).preview(false).build())
          .mocks(mocks)
          .config(config)
          .monitorDecorator(ignored -> new RecordingMonitor(mocks, requests))
          .build()
          .runTest(program);
      List<Registration> registrations = new ArrayList<>();
      synchronized (requests) {
        for (RegisterResourceRequest r : requests) {
          registrations.add(new Registration(r.getType(), r.getName(), inputs.get(r.getType() + " " + r.getName()),
              lastSegment(r.getParent()), r.getDependenciesList().stream().map(MockStack::lastSegment).toList(),
              List.copyOf(r.getIgnoreChangesList())));
        }
      }
      return new Run(result, registrations);
    } finally {
      PulumiTest.cleanup();
    }
  }

  private static String lastSegment(String urn) {
    return urn.isEmpty() ? "" : urn.substring(urn.lastIndexOf("::") + 2);
  }

  /** The SDK's mock monitor, keeping each registration request (it carries the resource options). */
  private static final class RecordingMonitor extends MockMonitor {
    private final List<RegisterResourceRequest> requests;

    RecordingMonitor(Mocks mocks, List<RegisterResourceRequest> requests) {
      super(mocks, PulumiTestInternal.mockLog());
      this.requests = requests;
    }

    @Override
    public CompletableFuture<pulumirpc.Resource.RegisterResourceResponse> registerResourceAsync(
        Resource resource, RegisterResourceRequest request) {
      requests.add(request);
      return super.registerResourceAsync(resource, request);
    }
  }
}

package io.flinkstack.stacks;

import com.pulumi.Context;

/**
 * The stack program: one flinkstack application configured from {@code Pulumi.<stack>.yaml}. Its outputs
 * say where the application is reached.
 */
public final class FlinkStack {
  private FlinkStack() {}

  public static void define(Context ctx) {
    StackConfig config = StackConfig.read(ctx.config(StackConfig.CONFIG_NAMESPACE));
    FlinkApplicationComponent app = new FlinkApplicationComponent(config.name(), config.toArgs(), null);
    for (DeployedObject o : app.objects()) {
      o.untypedReason().ifPresent(reason ->
          ctx.log().warn(o.object().describe() + " is registered untyped (every field kept): " + reason));
    }
    FlinkApplicationEndpoints endpoints = app.endpoints().orElseThrow();
    ctx.export("namespace", endpoints.namespace());
    ctx.export("restServiceName", endpoints.restServiceName());
    ctx.export("jobManagerUrl", endpoints.jobManagerUrl());
    ctx.export("jobManagerStatefulSetName", endpoints.jobManagerStatefulSetName());
    ctx.export("taskManagerStatefulSetName", endpoints.taskManagerStatefulSetName());
  }
}

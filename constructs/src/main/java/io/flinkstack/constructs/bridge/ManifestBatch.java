package io.flinkstack.constructs.bridge;

@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-23T21:53:14.576Z")
@software.amazon.jsii.Jsii(module = io.flinkstack.constructs.bridge.$Module.class, fqn = "1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6.ManifestBatch")
public class ManifestBatch extends software.amazon.jsii.JsiiObject {

    protected ManifestBatch(final software.amazon.jsii.JsiiObjectRef objRef) {
        super(objRef);
    }

    protected ManifestBatch(final software.amazon.jsii.JsiiObject.InitializationMode initializationMode) {
        super(initializationMode);
    }

    public ManifestBatch() {
        super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
        software.amazon.jsii.JsiiEngine.getInstance().createNewObject(this);
    }

    /**
     * Adds every object of a JSON array as an ApiObject under <code>scope</code>, with the id <code>Kind-name</code>.
     * <p>
     * @return how many objects were added
     * @param scope the construct the objects belong to. This parameter is required.
     * @param objectsJson a JSON array of complete Kubernetes objects (apiVersion, kind, metadata.name set). This parameter is required.
     */
    public static @org.jetbrains.annotations.NotNull java.lang.Number addObjects(final @org.jetbrains.annotations.NotNull software.constructs.Construct scope, final @org.jetbrains.annotations.NotNull java.lang.String objectsJson) {
        return software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "addObjects", software.amazon.jsii.NativeType.forClass(java.lang.Number.class), new Object[] { java.util.Objects.requireNonNull(scope, "scope is required"), java.util.Objects.requireNonNull(objectsJson, "objectsJson is required") });
    }

    /**
     * Synthesizes the whole app as cdk8s' App.synth() does with YamlOutputType.FILE_PER_CHART, without writing files.
     * <p>
     * @return a JSON array of {"file": "<chart>.k8s.yaml", "objects": N, "kinds": [...], "yaml": "..."},
     * one per chart, in cdk8s' chart order
     * @param app This parameter is required.
     */
    public static @org.jetbrains.annotations.NotNull java.lang.String synthesizeApp(final @org.jetbrains.annotations.NotNull org.cdk8s.App app) {
        return software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "synthesizeApp", software.amazon.jsii.NativeType.forClass(java.lang.String.class), new Object[] { java.util.Objects.requireNonNull(app, "app is required") });
    }
}

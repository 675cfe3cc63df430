package io.flinkstack.constructs.bridge;

@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-23T22:15:55.010Z")
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
     * The synthesized objects of charts [start, start + count) of an app prepared with prepareApp.
     * <p>
     * Called in
     * slices so that Java writes YAML for one slice while cdk8s renders the next.
     * <p>
     * @return a JSON array of {"file": "<chart>.k8s.yaml", "objects": [&lt;ApiObject.toJson()&gt;...]}
     * @param app This parameter is required.
     * @param start This parameter is required.
     * @param count This parameter is required.
     */
    public static @org.jetbrains.annotations.NotNull java.lang.String chartsJson(final @org.jetbrains.annotations.NotNull org.cdk8s.App app, final @org.jetbrains.annotations.NotNull java.lang.Number start, final @org.jetbrains.annotations.NotNull java.lang.Number count) {
        return software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "chartsJson", software.amazon.jsii.NativeType.forClass(java.lang.String.class), new Object[] { java.util.Objects.requireNonNull(app, "app is required"), java.util.Objects.requireNonNull(start, "start is required"), java.util.Objects.requireNonNull(count, "count is required") });
    }

    /**
     * Prepares the whole app for synthesis as cdk8s' App.synth() does (validation, dependency inference, chart order, file names for YamlOutputType.FILE_PER_CHART) and remembers the result for chartsJson.
     * <p>
     * @return the number of charts
     * @param app This parameter is required.
     */
    public static @org.jetbrains.annotations.NotNull java.lang.Number prepareApp(final @org.jetbrains.annotations.NotNull org.cdk8s.App app) {
        return software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "prepareApp", software.amazon.jsii.NativeType.forClass(java.lang.Number.class), new Object[] { java.util.Objects.requireNonNull(app, "app is required") });
    }

    /**
     * Forgets what prepareApp remembered about the app.
     * <p>
     * @param app This parameter is required.
     */
    public static void releaseApp(final @org.jetbrains.annotations.NotNull org.cdk8s.App app) {
        software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "releaseApp", software.amazon.jsii.NativeType.VOID, new Object[] { java.util.Objects.requireNonNull(app, "app is required") });
    }

    /**
     * cdk8s' own YAML writer (what App.synth() writes into a chart's file).
     * <p>
     * @param documentsJson a JSON array of the documents. This parameter is required.
     */
    public static @org.jetbrains.annotations.NotNull java.lang.String stringifyYaml(final @org.jetbrains.annotations.NotNull java.lang.String documentsJson) {
        return software.amazon.jsii.JsiiObject.jsiiStaticCall(io.flinkstack.constructs.bridge.ManifestBatch.class, "stringifyYaml", software.amazon.jsii.NativeType.forClass(java.lang.String.class), new Object[] { java.util.Objects.requireNonNull(documentsJson, "documentsJson is required") });
    }
}

package io.flinkstack.constructs.bridge;

/**
 * A construct that is created together with its Kubernetes objects, in one JSII call (a Java subclass passes the objects to its super constructor).
 */
@javax.annotation.Generated(value = "jsii-pacmak/1.140.0 (build 79fd58c)", date = "2026-11-23T22:15:55.016Z")
@software.amazon.jsii.Jsii(module = io.flinkstack.constructs.bridge.$Module.class, fqn = "1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6.ManifestObjects")
public class ManifestObjects extends software.constructs.Construct {

    protected ManifestObjects(final software.amazon.jsii.JsiiObjectRef objRef) {
        super(objRef);
    }

    protected ManifestObjects(final software.amazon.jsii.JsiiObject.InitializationMode initializationMode) {
        super(initializationMode);
    }

    /**
     * @param scope the parent construct. This parameter is required.
     * @param id the construct id. This parameter is required.
     * @param objectsJson a JSON array of complete Kubernetes objects, added as with ManifestBatch.addObjects. This parameter is required.
     */
    public ManifestObjects(final @org.jetbrains.annotations.NotNull software.constructs.Construct scope, final @org.jetbrains.annotations.NotNull java.lang.String id, final @org.jetbrains.annotations.NotNull java.lang.String objectsJson) {
        super(software.amazon.jsii.JsiiObject.InitializationMode.JSII);
        software.amazon.jsii.JsiiEngine.getInstance().createNewObject(this, new Object[] { java.util.Objects.requireNonNull(scope, "scope is required"), java.util.Objects.requireNonNull(id, "id is required"), java.util.Objects.requireNonNull(objectsJson, "objectsJson is required") });
    }
}

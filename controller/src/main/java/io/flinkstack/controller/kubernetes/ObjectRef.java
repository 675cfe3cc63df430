package io.flinkstack.controller.kubernetes;

/** Points at a Kubernetes object (an Event's involved object). */
public record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {}

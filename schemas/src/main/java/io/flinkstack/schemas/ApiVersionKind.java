package io.flinkstack.schemas;

import java.util.Objects;

/** The pair that identifies which schema a Kubernetes object must follow. */
record ApiVersionKind(String apiVersion, String kind) {
  ApiVersionKind {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String toString() {
    return apiVersion + " " + kind;
  }
}

package io.flinkstack.constructs;

import io.flinkstack.props.Props;

/**
 * Where an object store's credentials come from: keys in a Kubernetes Secret, never in the Flink
 * configuration. For workload identity (IRSA, GKE, Azure) use no credentials and annotate the
 * ServiceAccount instead.
 */
@Props(name = "StorageCredentials", builder = false)
final class StorageCredentialsDeclaration {
  /** The kind of object store the credentials are for. */
  enum Kind { S3, GCS, AZURE }

  /** The kind of object store the credentials are for. */
  Kind kind;

  /** The Secret holding the keys. */
  String secretName;

  /** S3: access key id; GCS: key file; Azure: account key. */
  String firstKey;

  /** S3: secret access key; null otherwise. */
  String secondKey;

  /** Azure storage account; null otherwise. */
  String accountName;

  /** S3: the Secret's keys hold the access key id and the secret access key (as AWS_* environment variables). */
  static StorageCredentials s3(String secretName, String accessKeyIdKey, String secretAccessKeyKey) {
    return new StorageCredentials(StorageCredentials.Kind.S3, secretName, accessKeyIdKey, secretAccessKeyKey, null);
  }

  /** Google Cloud Storage: the Secret's key holds a service-account JSON key file (mounted read-only). */
  static StorageCredentials gcs(String secretName, String keyFileKey) {
    return new StorageCredentials(StorageCredentials.Kind.GCS, secretName, keyFileKey, null, null);
  }

  /** Azure (abfs/wasb): the Secret's key holds the storage account key of {@code accountName}. */
  static StorageCredentials azure(String secretName, String accountKeyKey, String accountName) {
    return new StorageCredentials(StorageCredentials.Kind.AZURE, secretName, accountKeyKey, null, accountName);
  }
}

package io.flinkstack.constructs;

/**
 * Where an object store's credentials come from: keys in a Kubernetes Secret, never in the Flink
 * configuration. For workload identity (IRSA, GKE, Azure) use no credentials and annotate the
 * ServiceAccount instead.
 */
public final class StorageCredentials {
  /** The kind of object store the credentials are for. */
  public enum Kind { S3, GCS, AZURE }

  private final Kind kind;
  private final String secretName;
  private final String firstKey;
  private final String secondKey;
  private final String accountName;

  private StorageCredentials(Kind kind, String secretName, String firstKey, String secondKey, String accountName) {
    this.kind = kind;
    this.secretName = secretName;
    this.firstKey = firstKey;
    this.secondKey = secondKey;
    this.accountName = accountName;
  }

  /** S3: the Secret's keys hold the access key id and the secret access key (as AWS_* environment variables). */
  public static StorageCredentials s3(String secretName, String accessKeyIdKey, String secretAccessKeyKey) {
    return new StorageCredentials(Kind.S3, secretName, accessKeyIdKey, secretAccessKeyKey, null);
  }

  /** Google Cloud Storage: the Secret's key holds a service-account JSON key file (mounted read-only). */
  public static StorageCredentials gcs(String secretName, String keyFileKey) {
    return new StorageCredentials(Kind.GCS, secretName, keyFileKey, null, null);
  }

  /** Azure (abfs/wasb): the Secret's key holds the storage account key of {@code accountName}. */
  public static StorageCredentials azure(String secretName, String accountKeyKey, String accountName) {
    return new StorageCredentials(Kind.AZURE, secretName, accountKeyKey, null, accountName);
  }

  public Kind getKind() {
    return kind;
  }

  public String getSecretName() {
    return secretName;
  }

  /** S3: access key id; GCS: key file; Azure: account key. */
  public String getFirstKey() {
    return firstKey;
  }

  /** S3: secret access key; null otherwise. */
  public String getSecondKey() {
    return secondKey;
  }

  /** Azure storage account; null otherwise. */
  public String getAccountName() {
    return accountName;
  }
}

/**
 * The custom resources (group {@code flinkstack.io}) the runtime controller acts on: {@link FlinkJob}, the job of an
 * application or a session cluster, and {@link FlinkSnapshot}, one savepoint or checkpoint. Their CustomResource
 * Definitions are generated from these classes at build time by fabric8's crd-generator (OpenAPI schema from the
 * fields and their annotations, CEL rules from {@code @ValidationRule}, printer columns, the status subresource) into
 * {@code META-INF/fabric8/<plural>.flinkstack.io-v1.yml} of this jar.
 */
package io.flinkstack.contract.resource;

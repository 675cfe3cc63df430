package io.flinkstack.constructs.operatorinstall;

import io.flinkstack.constructs.manifests.LogConfiguration;

/** flinkstack's default log4j2 files for the operator and for the Flink clusters it creates. */
final class OperatorLogConfiguration {
  private OperatorLogConfiguration() {}

  /**
   * {@code log4j-operator.properties}: the operator and webhook log to the console only (their pods keep no
   * files); the operator puts the resource it works on into the MDC, so every line says which one.
   */
  static final String OPERATOR =
      String.join(
          "\n",
          "# Written by flinkstack: operator and webhook logs go to the console (kubectl logs).",
          "monitorInterval = 30",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.console.ref = ConsoleAppender",
          "",
          "appender.console.name = ConsoleAppender",
          "appender.console.type = CONSOLE",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%X{resource.namespace}/%X{resource.name}] %c{1.} - %m%n",
          "",
          "# Configuration loading repeats itself on every reconcile; keep warnings only.",
          "logger.globalconf.name = org.apache.flink.configuration.GlobalConfiguration",
          "logger.globalconf.level = WARN",
          "logger.conf.name = org.apache.flink.configuration.Configuration",
          "logger.conf.level = WARN",
          "");

  /**
   * {@code log4j-console.properties}, which the operator hands to every Flink cluster it creates unless
   * the FlinkDeployment brings its own: the same default as flinkstack's own clusters (console for
   * {@code kubectl logs}, and Flink's {@code log.file} for the web UI).
   */
  static final String FLINK = LogConfiguration.DEFAULT;
}

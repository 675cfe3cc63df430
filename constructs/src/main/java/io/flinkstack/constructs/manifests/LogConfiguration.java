package io.flinkstack.constructs.manifests;

/**
 * flinkstack's default {@code log4j-console.properties}: everything to the console for {@code kubectl
 * logs}, and to the file Flink's scripts name in {@code log.file} so the web UI can show logs too.
 */
public final class LogConfiguration {
  private LogConfiguration() {}

  public static final String DEFAULT =
      String.join(
          "\n",
          "# Written by flinkstack. Re-read every 30 s: edit the ConfigMap to change levels without a restart.",
          "monitorInterval = 30",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.console.ref = ConsoleAppender",
          "rootLogger.appenderRef.rolling.ref = RollingFileAppender",
          "",
          "# Chatty libraries",
          "logger.akka.name = akka",
          "logger.akka.level = INFO",
          "logger.pekko.name = org.apache.pekko",
          "logger.pekko.level = INFO",
          "logger.kafka.name = org.apache.kafka",
          "logger.kafka.level = INFO",
          "logger.hadoop.name = org.apache.hadoop",
          "logger.hadoop.level = WARN",
          "logger.zookeeper.name = org.apache.zookeeper",
          "logger.zookeeper.level = INFO",
          "logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3",
          "logger.shaded_zookeeper.level = INFO",
          "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
          "logger.netty.level = OFF",
          "",
          "appender.console.name = ConsoleAppender",
          "appender.console.type = CONSOLE",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "",
          "appender.rolling.name = RollingFileAppender",
          "appender.rolling.type = RollingFile",
          "appender.rolling.append = true",
          "appender.rolling.fileName = ${sys:log.file}",
          "appender.rolling.filePattern = ${sys:log.file}.%i",
          "appender.rolling.layout.type = PatternLayout",
          "appender.rolling.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "appender.rolling.policies.type = Policies",
          "appender.rolling.policies.size.type = SizeBasedTriggeringPolicy",
          "appender.rolling.policies.size.size = 100MB",
          "appender.rolling.strategy.type = DefaultRolloverStrategy",
          "appender.rolling.strategy.max = 5",
          "")
      ;
}

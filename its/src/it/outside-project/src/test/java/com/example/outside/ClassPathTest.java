package com.example.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLoggerFactory;

/** What this project resolved with IoT Local on its test class path: what it asked for, and one of everything. */
class ClassPathTest {

    @Test
    void everyNettyModuleIsTheOneVersionIotLocalWasTestedWith() {
        Map<String, Version> netty = Version.identify();

        assertThat(netty).containsKeys("netty-buffer", "netty-codec", "netty-codec-http", "netty-common", "netty-handler", "netty-transport");
        assertThat(netty.values()).extracting(Version::artifactVersion).containsOnly(System.getProperty("expected.netty.version"));
    }

    @Test
    void slf4jLogsThroughTheProjectsOwnProviderAndNoLogbackIsThere() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(SimpleLoggerFactory.class);
        assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("ch.qos.logback.core.Appender")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theTestsRunOnTheJunitJupiterTheProjectAskedFor() throws ClassNotFoundException {
        String expected = System.getProperty("expected.junit.version");

        assertThat(Test.class.getPackage().getImplementationVersion()).isEqualTo(expected);
        assertThat(Class.forName("org.junit.jupiter.engine.JupiterTestEngine").getPackage().getImplementationVersion()).isEqualTo(expected);
    }
}

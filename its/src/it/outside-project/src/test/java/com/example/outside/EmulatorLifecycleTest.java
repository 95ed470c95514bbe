package com.example.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.example.outside.scenarios.UsesTheEmulator;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The emulator a test run started is gone when the run ends, on every supported JUnit. */
class EmulatorLifecycleTest {

    @Test
    void theEmulatorIsClosedWhenTheTestRunEnds() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsesTheEmulator.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        assertThat(UsesTheEmulator.MTLS_PORTS).hasSize(1);
        assertThatThrownBy(() -> new Socket("localhost", UsesTheEmulator.MTLS_PORTS.get(0)).close()).isInstanceOf(IOException.class);
    }
}

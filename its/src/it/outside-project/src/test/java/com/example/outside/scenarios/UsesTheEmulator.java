package com.example.outside.scenarios;

import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.IotLocalTest;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A test class on the emulator. Run by {@code EmulatorLifecycleTest}, not by the build. */
@IotLocalTest
public class UsesTheEmulator {

    /** The port the emulator listened on, for the test that runs this class. */
    public static final List<Integer> MTLS_PORTS = new CopyOnWriteArrayList<>();

    @Test
    void reachesTheEmulator(IotLocalRuntime runtime) throws Exception {
        new Socket(runtime.host(), runtime.mtlsPort()).close();
        MTLS_PORTS.add(runtime.mtlsPort());
    }
}

package dev.iotlocal.emulator.internal.cli;

/**
 * Points Logback at the standalone configuration before the first logger exists. The emulator jar ships no
 * {@code logback.xml}, so that it never overrides the logging of the test suites that embed it.
 */
final class StandaloneLogging {

    static final String CONFIGURATION = "iot-local-logback.xml";

    private StandaloneLogging() {}

    /** @param verbose whether message traffic is logged too (read by the configuration as {@code iotlocal.traffic}) */
    static void configure(boolean verbose) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIGURATION);
        }
        System.setProperty("iotlocal.traffic", verbose ? "DEBUG" : "INFO");
    }
}

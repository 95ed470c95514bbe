package dev.iotlocal.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of where the figures were measured. */
final class Machine {

    private Machine() {}

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return "Machine: " + runtime.availableProcessors() + " cores" + cpuModel() + ", " + memory / (1024 * 1024 * 1024) + " GiB memory, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + " (" + ManagementFactory.getRuntimeMXBean().getVmName()
                + "), benchmark JVM max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB";
    }

    /** The processor's model name where Linux tells it, else nothing. */
    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> " (" + line.substring(line.indexOf(':') + 1).strip() + ")")
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

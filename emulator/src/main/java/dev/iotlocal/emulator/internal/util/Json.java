package dev.iotlocal.emulator.internal.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The emulator's one Jackson mapper, for every JSON it reads and writes (AWS API bodies, lifecycle events, its own
 * files). Loaded with the first JSON, not during start-up, which Jackson's class loading would slow down.
 * Thread-safe, as Jackson's mappers are once configured.
 */
public final class Json {

    /** The mapper, configured once here and never changed. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** For files people read: indented. */
    public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}
}

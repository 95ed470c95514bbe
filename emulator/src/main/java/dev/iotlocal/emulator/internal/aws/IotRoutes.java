package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.sigv4.SigV4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS IoT control-plane operations by HTTP method and path template, as the service model binds them
 * ({@code PUT /things/{thingName}/principals}). A path matches a template segment by segment; a literal segment
 * wins over a label ({@code /thing-groups/addThingToThingGroup} over {@code /thing-groups/{thingGroupName}}). Labels
 * are percent-decoded after splitting on {@code /}, so a label may contain an encoded {@code /} or {@code :}.
 * Built once, then read by many threads.
 */
final class IotRoutes {

    /** What an operation does with a request; null means the empty answer {@code {}}. */
    @FunctionalInterface
    interface Handler {
        ObjectNode handle(IotRequest request);
    }

    /** A matched route: the operation's name (for logs), its handler and the decoded labels. */
    record Match(String operation, Handler handler, Map<String, String> labels) {}

    private record Route(String operation, String method, String[] segments, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    /**
     * Adds an operation.
     *
     * @param template a path such as {@code /things/{thingName}}
     */
    IotRoutes add(String operation, String method, String template, Handler handler) {
        routes.add(new Route(operation, method, split(template), handler));
        return this;
    }

    /** The operation at a method and a raw (still percent-encoded) path, if any. */
    Optional<Match> match(String method, String rawPath) {
        String[] segments = split(rawPath);
        Match best = null;
        int bestLiterals = -1;
        for (Route route : routes) {
            if (!route.method().equals(method) || route.segments().length != segments.length) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < segments.length && matches; i++) {
                String expected = route.segments()[i];
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    String value = decode(segments[i]);
                    matches = value != null && !value.isEmpty();
                    labels.put(expected.substring(1, expected.length() - 1), value);
                } else {
                    matches = expected.equals(segments[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = new Match(route.operation(), route.handler(), Map.copyOf(labels));
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** Percent-decodes a path segment; {@code +} stays a plus, as in paths. Null when it is not valid percent-encoding. */
    private static String decode(String segment) {
        try {
            return SigV4.uriDecode(segment);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}

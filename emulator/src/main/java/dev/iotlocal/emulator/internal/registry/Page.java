package dev.iotlocal.emulator.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a listing and the token (AWS's {@code nextToken} or {@code nextMarker}) of the next, empty on the last
 * page. Tokens are opaque to clients: they name the last item returned, so a listing stays consistent while items
 * are added or removed between pages. Immutable.
 */
public record Page<T>(List<T> items, Optional<String> next) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page after the item {@code token} names (from the start when null), items in ascending order of their keys. */
    public static <T> Page<T> of(Collection<T> items, Function<T, String> key, String token, int pageSize) {
        return of(items, key, Comparator.naturalOrder(), token, pageSize);
    }

    /**
     * The page of the listing after the item {@code token} names (from the start when null). The listing's order is
     * given, not assumed, so that a token whose item is gone still finds its place, in either direction.
     *
     * @param items    what is listed, in any order
     * @param key      a unique key of each item, what tokens name
     * @param order    the listing's order of keys
     * @param pageSize how many items at most
     * @throws RegistryError {@code InvalidRequestException} for a token this registry did not hand out
     */
    public static <T> Page<T> of(Collection<T> items, Function<T, String> key, Comparator<String> order, String token, int pageSize) {
        List<T> ordered = new ArrayList<>(items);
        ordered.sort(Comparator.comparing(key, order));
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String last = decode(token);
            // after the item the token names or, when it is gone, after where it would be
            start = (int) ordered.stream().filter(item -> order.compare(key.apply(item), last) <= 0).count();
        }
        int end = Math.min(ordered.size(), start + pageSize);
        List<T> page = ordered.subList(start, end);
        Optional<String> next = end < ordered.size() && !page.isEmpty()
                ? Optional.of(encode(key.apply(page.get(page.size() - 1))))
                : Optional.empty();
        return new Page<>(page, next);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("iot-local:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("iot-local:")) {
                return decoded.substring("iot-local:".length());
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw RegistryError.invalidRequest("The pagination token is invalid.");
    }
}

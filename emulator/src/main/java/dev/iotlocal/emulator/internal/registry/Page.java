package dev.iotlocal.emulator.internal.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    /**
     * The page of {@code ordered} after the item {@code token} names (from the start when null).
     *
     * @param key      a unique key of each item, what tokens name
     * @param pageSize how many items at most
     * @throws RegistryError {@code InvalidRequestException} for a token this registry did not hand out
     */
    public static <T> Page<T> of(List<T> ordered, Function<T, String> key, String token, int pageSize) {
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String last = decode(token);
            start = -1;
            for (int i = 0; i < ordered.size(); i++) {
                if (key.apply(ordered.get(i)).equals(last)) {
                    start = i + 1;
                    break;
                }
            }
            if (start < 0) {
                // the item the token names is gone: go on after where it would sort
                start = (int) ordered.stream().filter(item -> key.apply(item).compareTo(last) <= 0).count();
            }
        }
        int end = Math.min(ordered.size(), start + pageSize);
        List<T> items = ordered.subList(Math.min(start, ordered.size()), end);
        Optional<String> next = end < ordered.size() && !items.isEmpty()
                ? Optional.of(encode(key.apply(items.get(items.size() - 1))))
                : Optional.empty();
        return new Page<>(items, next);
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

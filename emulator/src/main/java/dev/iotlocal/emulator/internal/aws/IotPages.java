package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.Page;
import java.util.function.BiConsumer;

/**
 * One page of a listing as AWS IoT's list operations answer it: the items under the operation's member and, unless it
 * is the last page, the next page's token under the name the operation gives it ({@code nextToken} for the things
 * family, {@code nextMarker} for certificates and policies). Stateless.
 */
final class IotPages {

    static final String NEXT_TOKEN = "nextToken";
    static final String NEXT_MARKER = "nextMarker";

    private IotPages() {}

    /**
     * @param member      the list's member, such as {@code things}
     * @param tokenMember {@link #NEXT_TOKEN} or {@link #NEXT_MARKER}
     * @param item        adds one item to the list
     */
    static <T> ObjectNode answer(String member, String tokenMember, Page<T> page, BiConsumer<ArrayNode, T> item) {
        ObjectNode answer = IotRequest.answer();
        ArrayNode items = answer.putArray(member);
        page.items().forEach(each -> item.accept(items, each));
        page.next().ifPresent(next -> answer.put(tokenMember, next));
        return answer;
    }
}

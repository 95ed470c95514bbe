package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Pages of a listing in either direction, while items come and go between pages. */
class PageTest {

    private final List<String> items = new ArrayList<>(List.of("c", "a", "e", "b", "d"));

    @Test
    void anAscendingListingIsPagedInOrder() {
        Page<String> first = Page.of(items, Function.identity(), null, 2);
        Page<String> second = Page.of(items, Function.identity(), first.next().orElseThrow(), 2);
        Page<String> last = Page.of(items, Function.identity(), second.next().orElseThrow(), 2);

        assertThat(first.items()).containsExactly("a", "b");
        assertThat(second.items()).containsExactly("c", "d");
        assertThat(last.items()).containsExactly("e");
        assertThat(last.next()).isEmpty();
    }

    @Test
    void anAscendingListingGoesOnAfterAnItemDeletedBetweenPages() {
        Page<String> first = Page.of(items, Function.identity(), null, 2);
        items.remove("b");

        assertThat(Page.of(items, Function.identity(), first.next().orElseThrow(), 2).items()).containsExactly("c", "d");
    }

    @Test
    void aDescendingListingGoesOnAfterAnItemDeletedBetweenPages() {
        Page<String> first = Page.of(items, Function.identity(), Comparator.reverseOrder(), null, 2);
        items.remove("d");
        Page<String> second = Page.of(items, Function.identity(), Comparator.reverseOrder(), first.next().orElseThrow(), 2);

        assertThat(first.items()).containsExactly("e", "d");
        assertThat(second.items()).containsExactly("c", "b");
        assertThat(Page.of(items, Function.identity(), Comparator.reverseOrder(), second.next().orElseThrow(), 2).items())
                .containsExactly("a");
    }

    @Test
    void itemsAddedBetweenPagesAreListedOnlyWhenTheySortAfterTheToken() {
        Page<String> first = Page.of(items, Function.identity(), Comparator.reverseOrder(), null, 2);
        items.add("f");
        items.add("ca");

        assertThat(Page.of(items, Function.identity(), Comparator.reverseOrder(), first.next().orElseThrow(), 2).items())
                .containsExactly("ca", "c");
    }

    @Test
    void aTokenThisRegistryDidNotHandOutIsAnInvalidRequest() {
        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> Page.of(items, Function.identity(), "bm90LW91cnM", 2));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(refused.getMessage()).isEqualTo("The pagination token is invalid.");
    }
}

package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/**
 * AWS IoT's things operations through the AWS SDK's {@code IotClient}: CreateThing, DescribeThing, UpdateThing,
 * DeleteThing and ListThings, with the shapes AWS answers and each documented refusal. Things live for the whole
 * class, so each test names its own.
 */
class IotThingsApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    /** The model's constraint on attribute values, as a refusal names it. */
    private static final String ATTRIBUTE_VALUE_CONSTRAINT = "Map value must satisfy constraint: [Member must have length less than "
            + "or equal to 800, Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#=\\[\\]-]*]";

    private final IotClient iot = running.iot();


    @Test
    void createThingAnswersItsNameArnAndAUuid() {
        CreateThingResponse created = iot.createThing(b -> b.thingName("thermostat"));

        assertThat(created.thingName()).isEqualTo("thermostat");
        assertThat(created.thingArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/thermostat");
        assertThat(created.thingId()).matches(ControlPlane.CANONICAL_UUID);
    }

    @Test
    void createThingAgainWithTheSameConfigurationAnswersTheSameThing() {
        CreateThingResponse first = iot.createThing(b -> b.thingName("lamp").attributePayload(a -> a.attributes(Map.of("floor", "3"))));
        CreateThingResponse again = iot.createThing(b -> b.thingName("lamp").attributePayload(a -> a.attributes(Map.of("floor", "3"))));

        assertThat(again.thingId()).isEqualTo(first.thingId());
        assertThat(again.thingArn()).isEqualTo(first.thingArn());
    }

    @Test
    void createThingAgainWithOtherAttributesIsResourceAlreadyExists() {
        CreateThingResponse first = iot.createThing(b -> b.thingName("door").attributePayload(a -> a.attributes(Map.of("floor", "3"))));

        ResourceAlreadyExistsException refusal = refused(ResourceAlreadyExistsException.class, 409,
                "Thing door already exists in account with different attributes",
                () -> iot.createThing(b -> b.thingName("door").attributePayload(a -> a.attributes(Map.of("floor", "4")))));

        assertThat(refusal.resourceId()).isEqualTo(first.thingId());
        assertThat(refusal.resourceArn()).isEqualTo(first.thingArn());
    }

    @Test
    void createThingAgainWithAnotherThingTypeIsResourceAlreadyExists() {
        iot.createThingType(b -> b.thingTypeName("window-type"));
        iot.createThing(b -> b.thingName("window"));

        refused(ResourceAlreadyExistsException.class, 409, "Thing window already exists in account with different attributes",
                () -> iot.createThing(b -> b.thingName("window").thingTypeName("window-type")));
    }

    @Test
    void createThingOfAnUnknownTypeIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing type no-such-type does not exist",
                () -> iot.createThing(b -> b.thingName("orphan").thingTypeName("no-such-type")));
    }

    @Test
    void createThingOfADeprecatedTypeIsRefused() {
        iot.createThingType(b -> b.thingTypeName("old-type"));
        iot.deprecateThingType(b -> b.thingTypeName("old-type"));

        refused(InvalidRequestException.class, 400, "Can not create new thing with depreated thing type:old-type",
                () -> iot.createThing(b -> b.thingName("latecomer").thingTypeName("old-type")));
    }

    @Test
    void createThingWithANameOutsideThePatternIsInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                validationError("no spaces", "thingName", "Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+"),
                () -> iot.createThing(b -> b.thingName("no spaces")));
    }

    @Test
    void createThingWithANameLongerThan128IsInvalidRequest() {
        String name = "n".repeat(129);

        refused(InvalidRequestException.class, 400, validationError(name, "thingName", "Member must have length between 1 and 128"),
                () -> iot.createThing(b -> b.thingName(name)));
    }

    @Test
    void aThingWithoutATypeHasAtMostThreeAttributes() {
        Map<String, String> four = Map.of("a", "1", "b", "2", "c", "3", "d", "4");

        refused(InvalidRequestException.class, 400, "A thing without a thing type can have at most 3 attributes; this one would have 4",
                () -> iot.createThing(b -> b.thingName("crowded").attributePayload(a -> a.attributes(four))));
    }

    @Test
    void aThingWithATypeHasUpToFiftyAttributes() {
        iot.createThingType(b -> b.thingTypeName("rich-type"));

        iot.createThing(b -> b.thingName("rich").thingTypeName("rich-type").attributePayload(a -> a.attributes(attributes(50))));
        refused(InvalidRequestException.class, 400, "A thing with a thing type can have at most 50 attributes; this one would have 51",
                () -> iot.createThing(b -> b.thingName("too-rich").thingTypeName("rich-type").attributePayload(a -> a.attributes(attributes(51)))));

        assertThat(iot.describeThing(b -> b.thingName("rich")).attributes()).hasSize(50);
    }

    @Test
    void attributeValuesOutsideThePatternAreInvalidRequests() {
        refused(InvalidRequestException.class, 400, validationError("living room", "attributePayload.attributes", ATTRIBUTE_VALUE_CONSTRAINT),
                () -> iot.createThing(b -> b.thingName("spaced").attributePayload(a -> a.attributes(Map.of("room", "living room")))));
    }

    @Test
    void attributeValuesAreAtMost800Characters() {
        iot.createThing(b -> b.thingName("long-value").attributePayload(a -> a.attributes(Map.of("blob", "v".repeat(800)))));

        // the message quotes the first 200 characters of a value, so a long one cannot bloat the answer
        refused(InvalidRequestException.class, 400, validationError("v".repeat(200) + "...", "attributePayload.attributes", ATTRIBUTE_VALUE_CONSTRAINT),
                () -> iot.createThing(b -> b.thingName("longer-value").attributePayload(a -> a.attributes(Map.of("blob", "v".repeat(801))))));
    }

    @Test
    void attributeNamesFollowTheModelsPattern() {
        iot.createThing(b -> b.thingName("odd-names").attributePayload(a -> a.attributes(Map.of("a_b.c,d@e/f:g#h-i", "x"))));

        refused(InvalidRequestException.class, 400, validationError("a=b", "attributePayload.attributes", "Map keys must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, Member must satisfy regular expression pattern: [a-zA-Z0-9_.,@/:#-]+]"),
                () -> iot.createThing(b -> b.thingName("odder-names").attributePayload(a -> a.attributes(Map.of("a=b", "x")))));
    }

    @Test
    void describeThingShowsWhatAwsShows() {
        iot.createThingType(b -> b.thingTypeName("sensor-type"));
        CreateThingResponse created = iot.createThing(b -> b.thingName("sensor").thingTypeName("sensor-type")
                .attributePayload(a -> a.attributes(Map.of("floor", "3"))));

        DescribeThingResponse thing = iot.describeThing(b -> b.thingName("sensor"));

        assertThat(thing.defaultClientId()).isEqualTo("sensor");
        assertThat(thing.thingName()).isEqualTo("sensor");
        assertThat(thing.thingId()).isEqualTo(created.thingId());
        assertThat(thing.thingArn()).isEqualTo(created.thingArn());
        assertThat(thing.thingTypeName()).isEqualTo("sensor-type");
        assertThat(thing.attributes()).isEqualTo(Map.of("floor", "3"));
        assertThat(thing.version()).isEqualTo(1L);
        assertThat(thing.billingGroupName()).isNull();
    }

    @Test
    void describeAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing ghost does not exist", () -> iot.describeThing(b -> b.thingName("ghost")));
    }

    @Test
    void updateThingMergesAttributesAndAnEmptyValueRemovesOne() {
        iot.createThing(b -> b.thingName("merged").attributePayload(a -> a.attributes(Map.of("floor", "3", "room", "hall"))));

        iot.updateThing(b -> b.thingName("merged").attributePayload(a -> a.merge(true).attributes(Map.of("room", "", "colour", "red"))));

        DescribeThingResponse thing = iot.describeThing(b -> b.thingName("merged"));
        assertThat(thing.attributes()).isEqualTo(Map.of("floor", "3", "colour", "red"));
        assertThat(thing.version()).isEqualTo(2L);
    }

    @Test
    void updateThingWithoutMergeReplacesTheAttributes() {
        iot.createThing(b -> b.thingName("replaced").attributePayload(a -> a.attributes(Map.of("floor", "3", "room", "hall"))));

        iot.updateThing(b -> b.thingName("replaced").attributePayload(a -> a.attributes(Map.of("colour", "red"))));

        assertThat(iot.describeThing(b -> b.thingName("replaced")).attributes()).isEqualTo(Map.of("colour", "red"));
    }

    @Test
    void eachUpdateAddsOneToTheVersion() {
        iot.createThing(b -> b.thingName("counted"));

        iot.updateThing(b -> b.thingName("counted").expectedVersion(1L).attributePayload(a -> a.attributes(Map.of("n", "1"))));
        iot.updateThing(b -> b.thingName("counted").expectedVersion(2L).attributePayload(a -> a.attributes(Map.of("n", "2"))));

        assertThat(iot.describeThing(b -> b.thingName("counted")).version()).isEqualTo(3L);
    }

    @Test
    void updateThingWithAStaleExpectedVersionIsAVersionConflict() {
        iot.createThing(b -> b.thingName("contested"));
        iot.updateThing(b -> b.thingName("contested").attributePayload(a -> a.attributes(Map.of("n", "1"))));

        refused(VersionConflictException.class, 409, "The version for thing contested does not match the expected version.",
                () -> iot.updateThing(b -> b.thingName("contested").expectedVersion(1L).attributePayload(a -> a.attributes(Map.of("n", "2")))));

        assertThat(iot.describeThing(b -> b.thingName("contested")).attributes()).isEqualTo(Map.of("n", "1"));
    }

    @Test
    void updateThingSetsAndRemovesTheThingType() {
        iot.createThingType(b -> b.thingTypeName("retyped-type"));
        iot.createThing(b -> b.thingName("retyped"));

        iot.updateThing(b -> b.thingName("retyped").thingTypeName("retyped-type"));
        assertThat(iot.describeThing(b -> b.thingName("retyped")).thingTypeName()).isEqualTo("retyped-type");

        iot.updateThing(b -> b.thingName("retyped").removeThingType(true));
        assertThat(iot.describeThing(b -> b.thingName("retyped")).thingTypeName()).isNull();
    }

    @Test
    void updateThingToAnUnknownThingTypeIsResourceNotFoundAndKeepsTheType() {
        iot.createThing(b -> b.thingName("untyped"));

        refused(ResourceNotFoundException.class, 404, "Thing type no-such-type does not exist",
                () -> iot.updateThing(b -> b.thingName("untyped").thingTypeName("no-such-type")));

        assertThat(iot.describeThing(b -> b.thingName("untyped")).thingTypeName()).isNull();
    }

    @Test
    void removingTheTypeOfAThingWithMoreThanThreeAttributesIsRefused() {
        iot.createThingType(b -> b.thingTypeName("keeper-type"));
        iot.createThing(b -> b.thingName("keeper").thingTypeName("keeper-type").attributePayload(a -> a.attributes(attributes(4))));

        refused(InvalidRequestException.class, 400, "A thing without a thing type can have at most 3 attributes; this one would have 4",
                () -> iot.updateThing(b -> b.thingName("keeper").removeThingType(true)));

        assertThat(iot.describeThing(b -> b.thingName("keeper")).thingTypeName()).isEqualTo("keeper-type");
    }

    @Test
    void updateAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing nobody does not exist",
                () -> iot.updateThing(b -> b.thingName("nobody").attributePayload(a -> a.attributes(Map.of("n", "1")))));
    }

    @Test
    void deleteThingRemovesIt() {
        iot.createThing(b -> b.thingName("doomed"));

        iot.deleteThing(b -> b.thingName("doomed"));

        refused(ResourceNotFoundException.class, 404, "Thing doomed does not exist", () -> iot.describeThing(b -> b.thingName("doomed")));
    }

    @Test
    void aThingNamedWithAColonIsCreatedDescribedAndDeletedThroughItsPercentEncodedPath() {
        CreateThingResponse created = iot.createThing(b -> b.thingName("building:3"));
        DescribeThingResponse described = iot.describeThing(b -> b.thingName("building:3"));
        iot.deleteThing(b -> b.thingName("building:3"));

        assertThat(created.thingArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/building:3");
        assertThat(described.thingName()).isEqualTo("building:3");
        assertThat(described.thingId()).isEqualTo(created.thingId());
        refused(ResourceNotFoundException.class, 404, "Thing building:3 does not exist",
                () -> iot.describeThing(b -> b.thingName("building:3")));
    }

    @Test
    void deleteAThingThatDoesNotExistSucceeds() {
        iot.deleteThing(b -> b.thingName("never-was"));

        refused(ResourceNotFoundException.class, 404, "Thing never-was does not exist", () -> iot.describeThing(b -> b.thingName("never-was")));
    }

    @Test
    void deleteThingWithAStaleExpectedVersionIsAVersionConflictAndKeepsTheThing() {
        iot.createThing(b -> b.thingName("guarded"));
        iot.updateThing(b -> b.thingName("guarded").attributePayload(a -> a.attributes(Map.of("n", "1"))));

        refused(VersionConflictException.class, 409, "The version for thing guarded does not match the expected version.",
                () -> iot.deleteThing(b -> b.thingName("guarded").expectedVersion(1L)));

        assertThat(iot.describeThing(b -> b.thingName("guarded")).version()).isEqualTo(2L);
    }

    @Test
    void deleteThingWithTheCurrentExpectedVersionDeletesIt() {
        iot.createThing(b -> b.thingName("current"));
        iot.updateThing(b -> b.thingName("current").attributePayload(a -> a.attributes(Map.of("n", "1"))));

        iot.deleteThing(b -> b.thingName("current").expectedVersion(2L));

        refused(ResourceNotFoundException.class, 404, "Thing current does not exist", () -> iot.describeThing(b -> b.thingName("current")));
    }

    @Test
    void deleteThingIsRefusedWhilePrincipalsAreAttached() {
        iot.createThing(b -> b.thingName("held"));
        iot.attachThingPrincipal(b -> b.thingName("held").principal("us-east-1:" + UUID.randomUUID()));

        refused(InvalidRequestException.class, 400, "Cannot delete. Thing held is still attached to one or more principals",
                () -> iot.deleteThing(b -> b.thingName("held")));

        assertThat(iot.describeThing(b -> b.thingName("held")).thingName()).isEqualTo("held");
    }

    @Test
    void aThingWhosePrincipalsAreDetachedCanBeDeleted() {
        iot.createThing(b -> b.thingName("released-for-deletion"));
        String identity = "us-east-1:" + UUID.randomUUID();
        iot.attachThingPrincipal(b -> b.thingName("released-for-deletion").principal(identity));
        iot.detachThingPrincipal(b -> b.thingName("released-for-deletion").principal(identity));

        iot.deleteThing(b -> b.thingName("released-for-deletion"));

        refused(ResourceNotFoundException.class, 404, "Thing released-for-deletion does not exist",
                () -> iot.describeThing(b -> b.thingName("released-for-deletion")));
    }

    @Test
    void listThingsPaginatorWalksEveryPage() {
        iot.createThingType(b -> b.thingTypeName("fleet-type"));
        List<String> names = IntStream.range(0, 7).mapToObj(i -> "fleet-" + i).toList();
        names.forEach(name -> iot.createThing(b -> b.thingName(name).thingTypeName("fleet-type")));

        List<ListThingsResponse> pages = iot.listThingsPaginator(b -> b.thingTypeName("fleet-type").maxResults(3)).stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).things()).hasSize(3);
        assertThat(pages.get(0).nextToken()).isNotBlank();
        assertThat(pages.get(2).nextToken()).isNull();
        assertThat(pages.stream().flatMap(page -> page.things().stream()).map(ThingAttribute::thingName)).containsExactlyElementsOf(names);
    }

    @Test
    void listThingsAnswersTwentyFiveThingsWhenMaxResultsIsAbsent() {
        iot.createThingType(b -> b.thingTypeName("crowd-type"));
        IntStream.range(0, 26).forEach(i -> iot.createThing(b -> b.thingName("crowd-" + (100 + i)).thingTypeName("crowd-type")));

        ListThingsResponse first = iot.listThings(b -> b.thingTypeName("crowd-type"));

        assertThat(first.things()).hasSize(25);
        assertThat(first.nextToken()).isNotBlank();
        assertThat(iot.listThingsPaginator(b -> b.thingTypeName("crowd-type")).things()).hasSize(26);
    }

    @Test
    void listThingsItemsCarryNameTypeArnAttributesAndVersion() {
        iot.createThingType(b -> b.thingTypeName("listed-type"));
        iot.createThing(b -> b.thingName("listed").thingTypeName("listed-type").attributePayload(a -> a.attributes(Map.of("k", "v"))));

        ThingAttribute item = iot.listThings(b -> b.thingTypeName("listed-type")).things().get(0);

        assertThat(item.thingName()).isEqualTo("listed");
        assertThat(item.thingTypeName()).isEqualTo("listed-type");
        assertThat(item.thingArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thing/listed");
        assertThat(item.attributes()).isEqualTo(Map.of("k", "v"));
        assertThat(item.version()).isEqualTo(1L);
    }

    @Test
    void listThingsFiltersByAttributeValue() {
        iot.createThing(b -> b.thingName("red-1").attributePayload(a -> a.attributes(Map.of("paint", "red"))));
        iot.createThing(b -> b.thingName("red-2").attributePayload(a -> a.attributes(Map.of("paint", "reddish"))));
        iot.createThing(b -> b.thingName("blue-1").attributePayload(a -> a.attributes(Map.of("paint", "blue"))));

        assertThat(iot.listThingsPaginator(b -> b.attributeName("paint").attributeValue("red")).things())
                .extracting(ThingAttribute::thingName).containsExactly("red-1");
        assertThat(iot.listThingsPaginator(b -> b.attributeName("paint").attributeValue("red").usePrefixAttributeValue(true)).things())
                .extracting(ThingAttribute::thingName).containsExactly("red-1", "red-2");
    }

    @Test
    void listThingsWithAnInvalidTokenIsInvalidRequest() {
        refused(InvalidRequestException.class, 400, "The pagination token is invalid.", () -> iot.listThings(b -> b.nextToken("forged")));
    }

    @Test
    void listThingsWithMaxResultsAbove250IsInvalidRequest() {
        refused(InvalidRequestException.class, 400, validationError("251", "maxResults", "Member must have value between 1 and 250"),
                () -> iot.listThings(b -> b.maxResults(251)));
    }

    @Test
    void thingsTheirGroupsAndPrincipalsSurviveARestartAndStayListedByName(@TempDir Path dataDirectory) {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        String identity = "us-east-1:" + UUID.randomUUID();
        try (IotEmulator first = IotEmulator.start(config); IotClient before = ControlPlane.iotClient(first)) {
            before.createThingType(b -> b.thingTypeName("kept-type"));
            before.createThing(b -> b.thingName("middle").thingTypeName("kept-type").attributePayload(a -> a.attributes(Map.of("k", "v"))));
            before.createThingGroup(b -> b.thingGroupName("KeptGroup"));
            before.addThingToThingGroup(b -> b.thingGroupName("KeptGroup").thingName("middle"));
            before.attachThingPrincipal(b -> b.thingName("middle").principal(identity));
        }
        try (IotEmulator second = IotEmulator.start(config); IotClient after = ControlPlane.iotClient(second)) {
            after.createThing(b -> b.thingName("zulu").thingTypeName("kept-type"));
            after.createThing(b -> b.thingName("alpha").thingTypeName("kept-type"));

            assertThat(after.describeThing(b -> b.thingName("middle")).attributes()).isEqualTo(Map.of("k", "v"));
            assertThat(after.listThingsPaginator(b -> b.thingTypeName("kept-type").maxResults(1)).things())
                    .extracting(ThingAttribute::thingName).containsExactly("alpha", "middle", "zulu");
            assertThat(after.listThingsInThingGroup(b -> b.thingGroupName("KeptGroup")).things()).containsExactly("middle");
            assertThat(after.listThingPrincipals(b -> b.thingName("middle")).principals()).containsExactly(identity);
        }
    }

    private static Map<String, String> attributes(int count) {
        Map<String, String> attributes = new HashMap<>();
        IntStream.range(0, count).forEach(i -> attributes.put("attribute" + i, "value" + i));
        return attributes;
    }
}

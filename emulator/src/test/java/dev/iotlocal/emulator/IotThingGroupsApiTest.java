package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateThingGroupResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListThingGroupsForThingResponse;
import software.amazon.awssdk.services.iot.model.ListThingsInThingGroupResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/**
 * AWS IoT's static thing group operations through {@code IotClient}: the hierarchy (Create, Describe, Update,
 * Delete, ListThingGroups) and membership (AddThingToThingGroup, RemoveThingFromThingGroup, ListThingsInThingGroup,
 * ListThingGroupsForThing) with AWS's limits. Groups live for the whole class, so each test names its own.
 */
class IotThingGroupsApiTest {

    private static final String ARN = "arn:aws:iot:us-east-1:000000000000:";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private final IotClient iot = running.iot();

    @Test
    void createThingGroupAnswersItsNameArnAndId() {
        CreateThingGroupResponse created = iot.createThingGroup(b -> b.thingGroupName("LightBulbs"));

        assertThat(created.thingGroupName()).isEqualTo("LightBulbs");
        assertThat(created.thingGroupArn()).isEqualTo(ARN + "thinggroup/LightBulbs");
        assertThat(created.thingGroupId()).matches(ControlPlane.CANONICAL_UUID);
    }

    @Test
    void createThingGroupWithANameOutsideThePatternIsInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                validationError("no spaces", "thingGroupName", "Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+"),
                () -> iot.createThingGroup(b -> b.thingGroupName("no spaces")));
    }

    @Test
    void describeThingGroupShowsItsPropertiesAndItsPlaceInTheHierarchy() {
        Instant before = Instant.now().minusSeconds(1);
        iot.createThingGroup(b -> b.thingGroupName("Shiny"));
        iot.createThingGroup(b -> b.thingGroupName("Lights").parentGroupName("Shiny"));
        CreateThingGroupResponse created = iot.createThingGroup(b -> b.thingGroupName("RedLights").parentGroupName("Lights")
                .thingGroupProperties(p -> p.thingGroupDescription("All the red ones")
                        .attributePayload(a -> a.attributes(Map.of("brightness", "3400_lumens")))));

        DescribeThingGroupResponse group = iot.describeThingGroup(b -> b.thingGroupName("RedLights"));

        assertThat(group.thingGroupName()).isEqualTo("RedLights");
        assertThat(group.thingGroupId()).isEqualTo(created.thingGroupId());
        assertThat(group.thingGroupArn()).isEqualTo(created.thingGroupArn());
        assertThat(group.version()).isEqualTo(1L);
        assertThat(group.thingGroupProperties().thingGroupDescription()).isEqualTo("All the red ones");
        assertThat(group.thingGroupProperties().attributePayload().attributes()).isEqualTo(Map.of("brightness", "3400_lumens"));
        assertThat(group.thingGroupMetadata().parentGroupName()).isEqualTo("Lights");
        assertThat(group.thingGroupMetadata().rootToParentThingGroups()).extracting(GroupNameAndArn::groupName, GroupNameAndArn::groupArn)
                .containsExactly(tuple("Shiny", ARN + "thinggroup/Shiny"),
                        tuple("Lights", ARN + "thinggroup/Lights"));
        assertThat(group.thingGroupMetadata().creationDate()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void aRootGroupHasNoParentInItsMetadata() {
        iot.createThingGroup(b -> b.thingGroupName("Lonely"));

        DescribeThingGroupResponse group = iot.describeThingGroup(b -> b.thingGroupName("Lonely"));

        assertThat(group.thingGroupMetadata().parentGroupName()).isNull();
        assertThat(group.thingGroupMetadata().hasRootToParentThingGroups()).isFalse();
    }

    @Test
    void createThingGroupAgainWithTheSamePropertiesAnswersTheSameGroup() {
        CreateThingGroupResponse first = iot.createThingGroup(b -> b.thingGroupName("Twice")
                .thingGroupProperties(p -> p.thingGroupDescription("same")));
        CreateThingGroupResponse again = iot.createThingGroup(b -> b.thingGroupName("Twice")
                .thingGroupProperties(p -> p.thingGroupDescription("same")));

        assertThat(again.thingGroupId()).isEqualTo(first.thingGroupId());
    }

    @Test
    void createThingGroupAgainWithOtherPropertiesIsResourceAlreadyExists() {
        CreateThingGroupResponse first = iot.createThingGroup(b -> b.thingGroupName("Example")
                .thingGroupProperties(p -> p.thingGroupDescription("example")));

        ResourceAlreadyExistsException refusal = refused(ResourceAlreadyExistsException.class, 409,
                "Thing Group Example already exists in current account with different properties",
                () -> iot.createThingGroup(b -> b.thingGroupName("Example").thingGroupProperties(p -> p.thingGroupDescription("another one"))));

        assertThat(refusal.resourceId()).isEqualTo(first.thingGroupId());
        assertThat(refusal.resourceArn()).isEqualTo(first.thingGroupArn());
    }

    @Test
    void createThingGroupUnderAnUnknownParentIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing group NoSuchParent does not exist",
                () -> iot.createThingGroup(b -> b.thingGroupName("Stray").parentGroupName("NoSuchParent")));
    }

    @Test
    void aHierarchyIsAtMostSevenGroupsDeep() {
        iot.createThingGroup(b -> b.thingGroupName("Depth1"));
        IntStream.rangeClosed(2, 7).forEach(depth ->
                iot.createThingGroup(b -> b.thingGroupName("Depth" + depth).parentGroupName("Depth" + (depth - 1))));

        refused(InvalidRequestException.class, 400,
                "Thing group Depth8 cannot be created under Depth7: a thing group hierarchy is at most 7 levels deep",
                () -> iot.createThingGroup(b -> b.thingGroupName("Depth8").parentGroupName("Depth7")));
    }

    @Test
    void updateThingGroupMergesAttributesAndAnswersTheNewVersion() {
        iot.createThingGroup(b -> b.thingGroupName("Updated")
                .thingGroupProperties(p -> p.thingGroupDescription("before").attributePayload(a -> a.attributes(Map.of("a", "1", "b", "2")))));

        long version = iot.updateThingGroup(b -> b.thingGroupName("Updated").expectedVersion(1L).thingGroupProperties(
                p -> p.thingGroupDescription("after").attributePayload(a -> a.merge(true).attributes(Map.of("b", "", "c", "3"))))).version();

        DescribeThingGroupResponse group = iot.describeThingGroup(b -> b.thingGroupName("Updated"));
        assertThat(version).isEqualTo(2L);
        assertThat(group.version()).isEqualTo(2L);
        assertThat(group.thingGroupProperties().thingGroupDescription()).isEqualTo("after");
        assertThat(group.thingGroupProperties().attributePayload().attributes()).isEqualTo(Map.of("a", "1", "c", "3"));
    }

    @Test
    void updateThingGroupWithAStaleExpectedVersionIsAVersionConflict() {
        iot.createThingGroup(b -> b.thingGroupName("Raced"));
        iot.updateThingGroup(b -> b.thingGroupName("Raced").thingGroupProperties(p -> p.thingGroupDescription("won")));

        refused(VersionConflictException.class, 409, "The version for thing group Raced does not match the expected version.",
                () -> iot.updateThingGroup(
                b -> b.thingGroupName("Raced").expectedVersion(1L).thingGroupProperties(p -> p.thingGroupDescription("lost"))));
    }

    @Test
    void updateAnUnknownThingGroupIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing group Missing does not exist", () -> iot.updateThingGroup(
                b -> b.thingGroupName("Missing").thingGroupProperties(p -> p.thingGroupDescription("x"))));
    }

    @Test
    void aGroupWithChildGroupsCannotBeDeleted() {
        iot.createThingGroup(b -> b.thingGroupName("Parent"));
        iot.createThingGroup(b -> b.thingGroupName("Child").parentGroupName("Parent"));

        refused(InvalidRequestException.class, 400, "Cannot delete thing group : Parent when there are still child groups attached to it",
                () -> iot.deleteThingGroup(b -> b.thingGroupName("Parent")));

        assertThat(iot.describeThingGroup(b -> b.thingGroupName("Parent")).thingGroupName()).isEqualTo("Parent");
    }

    @Test
    void aGroupWhoseChildGroupsAreDeletedCanBeDeleted() {
        iot.createThingGroup(b -> b.thingGroupName("FormerParent"));
        iot.createThingGroup(b -> b.thingGroupName("FormerChild").parentGroupName("FormerParent"));
        iot.deleteThingGroup(b -> b.thingGroupName("FormerChild"));

        iot.deleteThingGroup(b -> b.thingGroupName("FormerParent"));

        refused(ResourceNotFoundException.class, 404, "Thing group FormerParent does not exist",
                () -> iot.describeThingGroup(b -> b.thingGroupName("FormerParent")));
    }

    @Test
    void deleteAThingGroupThatDoesNotExistSucceeds() {
        iot.deleteThingGroup(b -> b.thingGroupName("NeverMade"));

        refused(ResourceNotFoundException.class, 404, "Thing group NeverMade does not exist",
                () -> iot.describeThingGroup(b -> b.thingGroupName("NeverMade")));
    }

    @Test
    void aGroupNamedWithAColonIsCreatedDescribedAndDeletedThroughItsPercentEncodedPath() {
        CreateThingGroupResponse created = iot.createThingGroup(b -> b.thingGroupName("Floor:2"));
        DescribeThingGroupResponse described = iot.describeThingGroup(b -> b.thingGroupName("Floor:2"));
        iot.deleteThingGroup(b -> b.thingGroupName("Floor:2"));

        assertThat(created.thingGroupArn()).isEqualTo(ARN + "thinggroup/Floor:2");
        assertThat(described.thingGroupName()).isEqualTo("Floor:2");
        assertThat(described.thingGroupId()).isEqualTo(created.thingGroupId());
        refused(ResourceNotFoundException.class, 404, "Thing group Floor:2 does not exist",
                () -> iot.describeThingGroup(b -> b.thingGroupName("Floor:2")));
    }

    @Test
    void deleteThingGroupWithAStaleExpectedVersionIsAVersionConflictAndKeepsTheGroup() {
        iot.createThingGroup(b -> b.thingGroupName("Versioned"));
        iot.updateThingGroup(b -> b.thingGroupName("Versioned").thingGroupProperties(p -> p.thingGroupDescription("v2")));

        refused(VersionConflictException.class, 409, "The version for thing group Versioned does not match the expected version.",
                () -> iot.deleteThingGroup(b -> b.thingGroupName("Versioned").expectedVersion(1L)));

        assertThat(iot.describeThingGroup(b -> b.thingGroupName("Versioned")).version()).isEqualTo(2L);
    }

    @Test
    void deleteThingGroupWithTheCurrentExpectedVersionDeletesIt() {
        iot.createThingGroup(b -> b.thingGroupName("Current"));
        iot.updateThingGroup(b -> b.thingGroupName("Current").thingGroupProperties(p -> p.thingGroupDescription("v2")));

        iot.deleteThingGroup(b -> b.thingGroupName("Current").expectedVersion(2L));

        refused(ResourceNotFoundException.class, 404, "Thing group Current does not exist",
                () -> iot.describeThingGroup(b -> b.thingGroupName("Current")));
    }

    @Test
    void deletingAGroupTakesItsThingsOutOfIt() {
        iot.createThingGroup(b -> b.thingGroupName("Disbanded"));
        iot.createThing(b -> b.thingName("member-of-disbanded"));
        iot.addThingToThingGroup(b -> b.thingGroupName("Disbanded").thingName("member-of-disbanded"));

        iot.deleteThingGroup(b -> b.thingGroupName("Disbanded"));

        assertThat(iot.listThingGroupsForThing(b -> b.thingName("member-of-disbanded")).thingGroups()).isEmpty();
        iot.createThingGroup(b -> b.thingGroupName("Disbanded"));
        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Disbanded")).things()).isEmpty();
    }

    @Test
    void listThingGroupsUnderAParentIsRecursiveUnlessToldOtherwise() {
        iot.createThingGroup(b -> b.thingGroupName("Tree"));
        iot.createThingGroup(b -> b.thingGroupName("Tree_sub_1").parentGroupName("Tree"));
        iot.createThingGroup(b -> b.thingGroupName("Tree_sub_2").parentGroupName("Tree"));
        iot.createThingGroup(b -> b.thingGroupName("Tree_sub_1_sub_1").parentGroupName("Tree_sub_1"));

        assertThat(iot.listThingGroupsPaginator(b -> b.parentGroup("Tree")).thingGroups()).extracting(GroupNameAndArn::groupName)
                .containsExactly("Tree_sub_1", "Tree_sub_1_sub_1", "Tree_sub_2");
        assertThat(iot.listThingGroupsPaginator(b -> b.parentGroup("Tree").recursive(false)).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("Tree_sub_1", "Tree_sub_2");
        assertThat(iot.listThingGroupsPaginator(b -> b.namePrefixFilter("Tree_sub_1")).thingGroups())
                .extracting(GroupNameAndArn::groupName, GroupNameAndArn::groupArn)
                .containsExactly(tuple("Tree_sub_1", ARN + "thinggroup/Tree_sub_1"),
                        tuple("Tree_sub_1_sub_1", ARN + "thinggroup/Tree_sub_1_sub_1"));
    }

    @Test
    void listThingGroupsWithoutRecursionListsOnlyRootGroups() {
        iot.createThingGroup(b -> b.thingGroupName("RootOnly"));
        iot.createThingGroup(b -> b.thingGroupName("RootOnlyChild").parentGroupName("RootOnly"));

        assertThat(iot.listThingGroupsPaginator(b -> b.recursive(false).namePrefixFilter("RootOnly")).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactly("RootOnly");
    }

    @Test
    void listThingGroupsUnderAnUnknownParentIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing group Nobody does not exist", () -> iot.listThingGroups(b -> b.parentGroup("Nobody")));
    }

    @Test
    void listThingGroupsPaginatorWalksEveryPage() {
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "Paged" + i).toList();
        names.forEach(name -> iot.createThingGroup(b -> b.thingGroupName(name)));

        assertThat(iot.listThingGroupsPaginator(b -> b.namePrefixFilter("Paged").maxResults(2)).stream()).hasSize(3);
        assertThat(iot.listThingGroupsPaginator(b -> b.namePrefixFilter("Paged").maxResults(2)).thingGroups())
                .extracting(GroupNameAndArn::groupName).containsExactlyElementsOf(names);
    }

    @Test
    void aThingAddedByNameIsListedInTheGroupAndTheGroupForTheThing() {
        iot.createThingGroup(b -> b.thingGroupName("Kitchen"));
        iot.createThing(b -> b.thingName("kettle"));

        iot.addThingToThingGroup(b -> b.thingGroupName("Kitchen").thingName("kettle"));

        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Kitchen")).things()).containsExactly("kettle");
        assertThat(iot.listThingGroupsForThing(b -> b.thingName("kettle")).thingGroups())
                .extracting(GroupNameAndArn::groupName, GroupNameAndArn::groupArn)
                .containsExactly(tuple("Kitchen", ARN + "thinggroup/Kitchen"));
    }

    @Test
    void aThingCanBeAddedAndRemovedByArn() {
        String groupArn = iot.createThingGroup(b -> b.thingGroupName("Garage")).thingGroupArn();
        String thingArn = iot.createThing(b -> b.thingName("car")).thingArn();

        iot.addThingToThingGroup(b -> b.thingGroupArn(groupArn).thingArn(thingArn));
        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Garage")).things()).containsExactly("car");

        iot.removeThingFromThingGroup(b -> b.thingGroupArn(groupArn).thingArn(thingArn));
        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Garage")).things()).isEmpty();
    }

    @Test
    void removingFromAnUnknownGroupIsResourceNotFound() {
        iot.createThing(b -> b.thingName("wanderer"));

        refused(ResourceNotFoundException.class, 404, "Thing group Nowhere does not exist",
                () -> iot.removeThingFromThingGroup(b -> b.thingGroupName("Nowhere").thingName("wanderer")));
    }

    @Test
    void removingAnUnknownThingIsResourceNotFound() {
        iot.createThingGroup(b -> b.thingGroupName("Pantry"));

        refused(ResourceNotFoundException.class, 404, "Thing jar does not exist",
                () -> iot.removeThingFromThingGroup(b -> b.thingGroupName("Pantry").thingName("jar")));
    }

    @Test
    void addingAThingTwiceChangesNothing() {
        iot.createThingGroup(b -> b.thingGroupName("Hall"));
        iot.createThing(b -> b.thingName("coat-rack"));

        iot.addThingToThingGroup(b -> b.thingGroupName("Hall").thingName("coat-rack"));
        iot.addThingToThingGroup(b -> b.thingGroupName("Hall").thingName("coat-rack"));

        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Hall")).things()).containsExactly("coat-rack");
    }

    @Test
    void aThingIsInAtMostTenGroups() {
        iot.createThing(b -> b.thingName("joiner"));
        IntStream.range(0, 11).forEach(i -> iot.createThingGroup(b -> b.thingGroupName("Club" + i)));
        IntStream.range(0, 10).forEach(i -> iot.addThingToThingGroup(b -> b.thingGroupName("Club" + i).thingName("joiner")));

        refused(InvalidRequestException.class, 400,
                "Thing joiner cannot be added to thing group Club10: a thing can be in at most 10 thing groups",
                () -> iot.addThingToThingGroup(b -> b.thingGroupName("Club10").thingName("joiner")));
    }

    @Test
    void aThingIsInAtMostOneGroupOfAHierarchy() {
        iot.createThingGroup(b -> b.thingGroupName("Building"));
        iot.createThingGroup(b -> b.thingGroupName("FloorOne").parentGroupName("Building"));
        iot.createThingGroup(b -> b.thingGroupName("FloorTwo").parentGroupName("Building"));
        iot.createThing(b -> b.thingName("lift"));
        iot.addThingToThingGroup(b -> b.thingGroupName("FloorOne").thingName("lift"));

        refused(InvalidRequestException.class, 400, "Thing lift cannot be added to thing group FloorTwo: it is in thing group FloorOne "
                        + "of the same hierarchy, and a thing can be in only one group of a hierarchy",

                () -> iot.addThingToThingGroup(b -> b.thingGroupName("FloorTwo").thingName("lift")));
    }

    @Test
    void addingToAnUnknownGroupIsResourceNotFound() {
        iot.createThing(b -> b.thingName("trunk"));

        refused(ResourceNotFoundException.class, 404, "Thing group Cellar does not exist",
                () -> iot.addThingToThingGroup(b -> b.thingGroupName("Cellar").thingName("trunk")));
    }

    @Test
    void addingAnUnknownThingIsResourceNotFound() {
        iot.createThingGroup(b -> b.thingGroupName("Attic"));

        refused(ResourceNotFoundException.class, 404, "Thing box does not exist",
                () -> iot.addThingToThingGroup(b -> b.thingGroupName("Attic").thingName("box")));
    }

    @Test
    void addingWithoutNamingTheGroupIsInvalidRequest() {
        refused(InvalidRequestException.class, 400, "Both thingGroupArn and thingGroupName are empty. Need to specify at least one of them",
                () -> iot.addThingToThingGroup(b -> b.thingName("anything")));
    }

    @Test
    void aNameAndAnArnThatDisagreeAreInvalidRequest() {
        iot.createThingGroup(b -> b.thingGroupName("Porch"));
        iot.createThing(b -> b.thingName("mat"));

        refused(InvalidRequestException.class, 400, "ThingGroupName thingGroupArn does not match specified thingGroupName in request",
                () -> iot.addThingToThingGroup(b -> b.thingGroupName("Porch").thingGroupArn(ARN + "thinggroup/Patio").thingName("mat")));
    }

    @Test
    void listThingsInThingGroupRecursiveIncludesTheChildGroupsThings() {
        iot.createThingGroup(b -> b.thingGroupName("House"));
        iot.createThingGroup(b -> b.thingGroupName("Bedroom").parentGroupName("House"));
        iot.createThing(b -> b.thingName("TestThingA"));
        iot.createThing(b -> b.thingName("MyLightBulb"));
        iot.addThingToThingGroup(b -> b.thingGroupName("House").thingName("TestThingA"));
        iot.addThingToThingGroup(b -> b.thingGroupName("Bedroom").thingName("MyLightBulb"));

        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("House")).things()).containsExactly("TestThingA");
        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("House").recursive(true)).things())
                .containsExactly("MyLightBulb", "TestThingA");
    }

    @Test
    void listThingsInThingGroupPaginatorWalksEveryPage() {
        iot.createThingGroup(b -> b.thingGroupName("Crowd"));
        List<String> names = IntStream.range(0, 7).mapToObj(i -> "crowd-member-" + i).toList();
        names.forEach(name -> {
            iot.createThing(b -> b.thingName(name));
            iot.addThingToThingGroup(b -> b.thingGroupName("Crowd").thingName(name));
        });

        List<ListThingsInThingGroupResponse> pages = iot.listThingsInThingGroupPaginator(b -> b.thingGroupName("Crowd").maxResults(3))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).nextToken()).isNotBlank();
        assertThat(pages.stream().flatMap(page -> page.things().stream())).containsExactlyElementsOf(names);
    }

    @Test
    void listThingsInAnUnknownGroupIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing group Void does not exist", () -> iot.listThingsInThingGroup(b -> b.thingGroupName("Void")));
    }

    @Test
    void listThingGroupsForThingIncludesTheParentGroupsPageByPage() {
        iot.createThingGroup(b -> b.thingGroupName("Lamps"));
        iot.createThingGroup(b -> b.thingGroupName("RedLamps").parentGroupName("Lamps"));
        iot.createThingGroup(b -> b.thingGroupName("Replaceable"));
        iot.createThing(b -> b.thingName("red-lamp"));
        iot.addThingToThingGroup(b -> b.thingGroupName("RedLamps").thingName("red-lamp"));
        iot.addThingToThingGroup(b -> b.thingGroupName("Replaceable").thingName("red-lamp"));

        List<ListThingGroupsForThingResponse> pages = iot.listThingGroupsForThingPaginator(b -> b.thingName("red-lamp").maxResults(1))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.thingGroups().stream())).extracting(GroupNameAndArn::groupName)
                .containsExactly("Lamps", "RedLamps", "Replaceable");
    }

    @Test
    void listThingGroupsForAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing nobody-here does not exist",
                () -> iot.listThingGroupsForThing(b -> b.thingName("nobody-here")));
    }

    @Test
    void aDeletedThingLeavesItsGroups() {
        iot.createThingGroup(b -> b.thingGroupName("Shed"));
        iot.createThing(b -> b.thingName("mower"));
        iot.addThingToThingGroup(b -> b.thingGroupName("Shed").thingName("mower"));

        iot.deleteThing(b -> b.thingName("mower"));
        iot.createThing(b -> b.thingName("mower"));

        assertThat(iot.listThingsInThingGroup(b -> b.thingGroupName("Shed")).things()).isEmpty();
    }
}

package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateThingTypeResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingTypeResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListThingTypesResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingTypeDefinition;

/**
 * AWS IoT's thing type operations through {@code IotClient}, as far as things need them: CreateThingType,
 * DescribeThingType, ListThingTypes, DeprecateThingType and DeleteThingType.
 */
class IotThingTypesApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private final IotClient iot = running.iot();

    @Test
    void createThingTypeAnswersItsNameArnAndAUuid() {
        CreateThingTypeResponse created = iot.createThingType(b -> b.thingTypeName("lightbulb"));

        assertThat(created.thingTypeName()).isEqualTo("lightbulb");
        assertThat(created.thingTypeArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thingtype/lightbulb");
        assertThat(created.thingTypeId()).matches(ControlPlane.CANONICAL_UUID);
    }

    @Test
    void describeThingTypeShowsItsPropertiesAndMetadata() {
        Instant before = Instant.now().minusSeconds(1);
        CreateThingTypeResponse created = iot.createThingType(b -> b.thingTypeName("meter")
                .thingTypeProperties(p -> p.thingTypeDescription("A water meter").searchableAttributes("serial", "site")));

        DescribeThingTypeResponse type = iot.describeThingType(b -> b.thingTypeName("meter"));

        assertThat(type.thingTypeName()).isEqualTo("meter");
        assertThat(type.thingTypeId()).isEqualTo(created.thingTypeId());
        assertThat(type.thingTypeArn()).isEqualTo(created.thingTypeArn());
        assertThat(type.thingTypeProperties().thingTypeDescription()).isEqualTo("A water meter");
        assertThat(type.thingTypeProperties().searchableAttributes()).containsExactly("serial", "site");
        assertThat(type.thingTypeMetadata().deprecated()).isFalse();
        assertThat(type.thingTypeMetadata().deprecationDate()).isNull();
        assertThat(type.thingTypeMetadata().creationDate()).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void createThingTypeAgainWithTheSamePropertiesAnswersTheSameType() {
        CreateThingTypeResponse first = iot.createThingType(b -> b.thingTypeName("valve").thingTypeProperties(p -> p.thingTypeDescription("v")));
        CreateThingTypeResponse again = iot.createThingType(b -> b.thingTypeName("valve").thingTypeProperties(p -> p.thingTypeDescription("v")));

        assertThat(again.thingTypeId()).isEqualTo(first.thingTypeId());
    }

    @Test
    void createThingTypeAgainWithOtherPropertiesIsResourceAlreadyExists() {
        CreateThingTypeResponse first = iot.createThingType(b -> b.thingTypeName("pump").thingTypeProperties(p -> p.thingTypeDescription("v1")));

        ResourceAlreadyExistsException refusal = refused(ResourceAlreadyExistsException.class, 409,
                "Thing type pump already exists in account with different properties",
                () -> iot.createThingType(b -> b.thingTypeName("pump").thingTypeProperties(p -> p.thingTypeDescription("v2"))));

        assertThat(refusal.resourceId()).isEqualTo(first.thingTypeId());
        assertThat(refusal.resourceArn()).isEqualTo(first.thingTypeArn());
    }

    @Test
    void aThingTypeHasAtMostThreeSearchableAttributes() {
        refused(InvalidRequestException.class, 400, "A thing type can have at most 3 searchable attributes", () -> iot.createThingType(
                b -> b.thingTypeName("searchy").thingTypeProperties(p -> p.searchableAttributes("a", "b", "c", "d"))));
    }

    @Test
    void describeAnUnknownThingTypeIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing type unheard-of does not exist",
                () -> iot.describeThingType(b -> b.thingTypeName("unheard-of")));
    }

    @Test
    void deprecateThingTypeMarksItAndUndoingItClearsTheMark() {
        iot.createThingType(b -> b.thingTypeName("phased-out"));
        Instant before = Instant.now().minusSeconds(1);

        iot.deprecateThingType(b -> b.thingTypeName("phased-out"));
        DescribeThingTypeResponse deprecated = iot.describeThingType(b -> b.thingTypeName("phased-out"));
        iot.deprecateThingType(b -> b.thingTypeName("phased-out").undoDeprecate(true));
        DescribeThingTypeResponse restored = iot.describeThingType(b -> b.thingTypeName("phased-out"));

        assertThat(deprecated.thingTypeMetadata().deprecated()).isTrue();
        assertThat(deprecated.thingTypeMetadata().deprecationDate()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(restored.thingTypeMetadata().deprecated()).isFalse();
        iot.createThing(b -> b.thingName("phased-in").thingTypeName("phased-out"));
    }

    @Test
    void deprecateAnUnknownThingTypeIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing type nothing-to-deprecate does not exist",
                () -> iot.deprecateThingType(b -> b.thingTypeName("nothing-to-deprecate")));
    }

    @Test
    void deleteThingTypeThatIsNotDeprecatedIsRefused() {
        iot.createThingType(b -> b.thingTypeName("current"));

        refused(InvalidRequestException.class, 400, "Thing type current must be deprecated before it can be deleted",
                () -> iot.deleteThingType(b -> b.thingTypeName("current")));
    }

    @Test
    void deleteThingTypeThatThingsHaveIsRefused() {
        iot.createThingType(b -> b.thingTypeName("in-use"));
        iot.createThing(b -> b.thingName("user-of-in-use").thingTypeName("in-use"));
        iot.deprecateThingType(b -> b.thingTypeName("in-use"));

        refused(InvalidRequestException.class, 400, "Thing type in-use cannot be deleted while things are associated with it",
                () -> iot.deleteThingType(b -> b.thingTypeName("in-use")));
    }

    @Test
    void deleteADeprecatedUnusedThingTypeRemovesItAtOnce() {
        iot.createThingType(b -> b.thingTypeName("retired"));
        iot.deprecateThingType(b -> b.thingTypeName("retired"));

        iot.deleteThingType(b -> b.thingTypeName("retired"));

        refused(ResourceNotFoundException.class, 404, "Thing type retired does not exist", () -> iot.describeThingType(b -> b.thingTypeName("retired")));
    }

    @Test
    void listThingTypesPaginatorWalksEveryPageAndFiltersByNamePrefix() {
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "catalogue-" + i).toList();
        names.forEach(name -> iot.createThingType(b -> b.thingTypeName(name).thingTypeProperties(p -> p.thingTypeDescription(name))));

        List<ListThingTypesResponse> pages = iot.listThingTypesPaginator(b -> b.thingTypeName("catalogue-").maxResults(2)).stream().toList();

        assertThat(pages).hasSize(3);
        List<ThingTypeDefinition> types = pages.stream().flatMap(page -> page.thingTypes().stream()).toList();
        assertThat(types).extracting(ThingTypeDefinition::thingTypeName).containsExactlyElementsOf(names);
        assertThat(types.get(0).thingTypeArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:thingtype/catalogue-0");
        assertThat(types.get(0).thingTypeProperties().thingTypeDescription()).isEqualTo("catalogue-0");
        assertThat(types.get(0).thingTypeMetadata().deprecated()).isFalse();
    }
}

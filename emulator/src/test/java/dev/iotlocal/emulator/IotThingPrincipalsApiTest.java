package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListThingPrincipalsResponse;
import software.amazon.awssdk.services.iot.model.ListThingPrincipalsV2Response;
import software.amazon.awssdk.services.iot.model.ListPrincipalThingsV2Response;
import software.amazon.awssdk.services.iot.model.ListPrincipalThingsResponse;
import software.amazon.awssdk.services.iot.model.PrincipalThingObject;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingPrincipalObject;
import software.amazon.awssdk.services.iot.model.ThingPrincipalType;

/**
 * AWS IoT's thing principal operations through {@code IotClient}: Attach/DetachThingPrincipal with exclusive and
 * non-exclusive attachments, ListThingPrincipals(V2) and ListPrincipalThings(V2). Most tests attach Cognito
 * identity ids, which need nothing else to exist; the certificate tests name certificates that exist or do not.
 */
class IotThingPrincipalsApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private final IotClient iot = running.iot();

    @Test
    void anAttachedPrincipalIsListedForTheThingAsNonExclusiveByDefault() {
        iot.createThing(b -> b.thingName("phone"));
        String identity = identity();

        iot.attachThingPrincipal(b -> b.thingName("phone").principal(identity));

        assertThat(iot.listThingPrincipals(b -> b.thingName("phone")).principals()).containsExactly(identity);
        assertThat(iot.listThingPrincipalsV2(b -> b.thingName("phone")).thingPrincipalObjects()).singleElement().satisfies(object -> {
            assertThat(object.principal()).isEqualTo(identity);
            assertThat(object.thingPrincipalType()).isEqualTo(ThingPrincipalType.NON_EXCLUSIVE_THING);
        });
    }

    @Test
    void aNonExclusivePrincipalAttachesToManyThingsAndListsThem() {
        String identity = identity();
        for (String thing : List.of("tablet-b", "tablet-a")) {
            iot.createThing(b -> b.thingName(thing));
            iot.attachThingPrincipal(b -> b.thingName(thing).principal(identity).thingPrincipalType(ThingPrincipalType.NON_EXCLUSIVE_THING));
        }

        assertThat(iot.listPrincipalThings(b -> b.principal(identity)).things()).containsExactly("tablet-a", "tablet-b");
        assertThat(iot.listPrincipalThingsV2(b -> b.principal(identity)).principalThingObjects())
                .extracting(PrincipalThingObject::thingName, PrincipalThingObject::thingPrincipalType)
                .containsExactly(tuple("tablet-a", ThingPrincipalType.NON_EXCLUSIVE_THING),
                        tuple("tablet-b", ThingPrincipalType.NON_EXCLUSIVE_THING));
    }

    @Test
    void anExclusiveAttachmentIsListedAsExclusive() {
        iot.createThing(b -> b.thingName("badge"));
        String identity = certificate();

        iot.attachThingPrincipal(b -> b.thingName("badge").principal(identity).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));

        assertThat(iot.listPrincipalThingsV2(b -> b.principal(identity)).principalThingObjects()).singleElement()
                .extracting(PrincipalThingObject::thingPrincipalType).isEqualTo(ThingPrincipalType.EXCLUSIVE_THING);
    }

    @Test
    void anExclusiveAttachmentOfACognitoIdentityIsRefused() {
        iot.createThing(b -> b.thingName("kiosk"));
        String identity = identity();

        refused(InvalidRequestException.class, 400, "Principal " + identity + " cannot be attached exclusively to thing kiosk: "
                        + "an exclusive thing association (EXCLUSIVE_THING) works with X.509 certificates only",
                () -> iot.attachThingPrincipal(b -> b.thingName("kiosk").principal(identity).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING)));

        assertThat(iot.listThingPrincipals(b -> b.thingName("kiosk")).principals()).isEmpty();
    }

    @Test
    void attachingExclusivelyAPrincipalAttachedToAnotherThingIsRefused() {
        iot.createThing(b -> b.thingName("first-owner"));
        iot.createThing(b -> b.thingName("second-owner"));
        String identity = certificate();
        iot.attachThingPrincipal(b -> b.thingName("first-owner").principal(identity));

        refused(InvalidRequestException.class, 400, "Principal " + identity + " cannot be attached exclusively to thing second-owner: "
                        + "it is attached to thing first-owner",
                () -> iot.attachThingPrincipal(b -> b.thingName("second-owner").principal(identity)
                        .thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING)));

        assertThat(iot.listThingPrincipals(b -> b.thingName("second-owner")).principals()).isEmpty();
    }

    @Test
    void aPrincipalAttachedExclusivelyCannotBeAttachedToAnotherThing() {
        iot.createThing(b -> b.thingName("sole-owner"));
        iot.createThing(b -> b.thingName("intruder"));
        String identity = certificate();
        iot.attachThingPrincipal(b -> b.thingName("sole-owner").principal(identity).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));

        refused(InvalidRequestException.class, 400, "Principal " + identity + " cannot be attached to thing intruder: "
                        + "it is attached exclusively to thing sole-owner",
                () -> iot.attachThingPrincipal(b -> b.thingName("intruder").principal(identity)));
    }

    @Test
    void attachingAgainToTheSameThingChangesHowItIsAttached() {
        iot.createThing(b -> b.thingName("upgraded"));
        String identity = certificate();
        iot.attachThingPrincipal(b -> b.thingName("upgraded").principal(identity));

        iot.attachThingPrincipal(b -> b.thingName("upgraded").principal(identity).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));

        assertThat(iot.listThingPrincipalsV2(b -> b.thingName("upgraded")).thingPrincipalObjects())
                .extracting(ThingPrincipalObject::thingPrincipalType).containsExactly(ThingPrincipalType.EXCLUSIVE_THING);
    }

    @Test
    void theV2ListsFilterByAttachmentType() {
        iot.createThing(b -> b.thingName("mixed"));
        String exclusive = certificate();
        String shared = identity();
        iot.attachThingPrincipal(b -> b.thingName("mixed").principal(exclusive).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));
        iot.attachThingPrincipal(b -> b.thingName("mixed").principal(shared));

        assertThat(iot.listThingPrincipalsV2(b -> b.thingName("mixed").thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING))
                .thingPrincipalObjects()).extracting(ThingPrincipalObject::principal).containsExactly(exclusive);
        assertThat(iot.listThingPrincipalsV2(b -> b.thingName("mixed").thingPrincipalType(ThingPrincipalType.NON_EXCLUSIVE_THING))
                .thingPrincipalObjects()).extracting(ThingPrincipalObject::principal).containsExactly(shared);
        assertThat(iot.listPrincipalThingsV2(b -> b.principal(shared).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING))
                .principalThingObjects()).isEmpty();
    }

    @Test
    void anUnknownThingPrincipalTypeIsInvalidRequest() {
        iot.createThing(b -> b.thingName("typed"));

        refused(InvalidRequestException.class, 400, validationError("SOMETIMES_THING", "thingPrincipalType",
                        "Member must satisfy enum value set: [EXCLUSIVE_THING, NON_EXCLUSIVE_THING]"),
                () -> iot.attachThingPrincipal(b -> b.thingName("typed").principal(identity()).thingPrincipalType("SOMETIMES_THING")));
    }

    @Test
    void detachThingPrincipalRemovesTheAttachment() {
        iot.createThing(b -> b.thingName("released"));
        String identity = identity();
        iot.attachThingPrincipal(b -> b.thingName("released").principal(identity));

        iot.detachThingPrincipal(b -> b.thingName("released").principal(identity));

        assertThat(iot.listThingPrincipals(b -> b.thingName("released")).principals()).isEmpty();
        assertThat(iot.listPrincipalThings(b -> b.principal(identity)).things()).isEmpty();
    }

    @Test
    void detachingAPrincipalThatIsNotAttachedIsResourceNotFound() {
        iot.createThing(b -> b.thingName("unattached"));
        String identity = identity();

        refused(ResourceNotFoundException.class, 404, "The principal " + identity + " is not attached to thing unattached",
                () -> iot.detachThingPrincipal(b -> b.thingName("unattached").principal(identity)));
    }

    @Test
    void detachingFromAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing vanished does not exist",
                () -> iot.detachThingPrincipal(b -> b.thingName("vanished").principal(identity())));
    }

    @Test
    void attachingToAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing nowhere does not exist",
                () -> iot.attachThingPrincipal(b -> b.thingName("nowhere").principal(identity())));
    }

    @Test
    void attachingACertificateThatDoesNotExistIsResourceNotFound() {
        iot.createThing(b -> b.thingName("cert-less"));
        String arn = certificateArn("ab".repeat(32));

        refused(ResourceNotFoundException.class, 404, "The certificate " + arn + " does not exist",
                () -> iot.attachThingPrincipal(b -> b.thingName("cert-less").principal(arn)));
    }

    @Test
    void aPrincipalThatIsNeitherACertificateNorACognitoIdentityIsInvalidRequest() {
        iot.createThing(b -> b.thingName("picky"));

        refused(InvalidRequestException.class, 400, "The principal someone is neither a certificate ARN nor an Amazon Cognito identity id",
                () -> iot.attachThingPrincipal(b -> b.thingName("picky").principal("someone")));
    }

    @Test
    void listingThePrincipalsOfAnUnknownThingIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404,
                "Failed to list principals for thing absent because the thing does not exist in your account",
                () -> iot.listThingPrincipals(b -> b.thingName("absent")));
    }

    @Test
    void listingThePrincipalsOfAnUnknownThingWithV2IsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404,
                "Failed to list principals for thing absent-too because the thing does not exist in your account",
                () -> iot.listThingPrincipalsV2(b -> b.thingName("absent-too")));
    }

    @Test
    void listingTheThingsOfAnUnknownCertificateIsResourceNotFound() {
        String arn = certificateArn("cd".repeat(32));

        refused(ResourceNotFoundException.class, 404, "The certificate " + arn + " does not exist",
                () -> iot.listPrincipalThings(b -> b.principal(arn)));
    }

    @Test
    void listingTheThingsOfAnUnknownCertificateWithV2IsResourceNotFound() {
        String arn = certificateArn("ef".repeat(32));

        refused(ResourceNotFoundException.class, 404, "The certificate " + arn + " does not exist",
                () -> iot.listPrincipalThingsV2(b -> b.principal(arn)));
    }

    @Test
    void listThingPrincipalsPaginatorWalksEveryPage() {
        iot.createThing(b -> b.thingName("popular"));
        List<String> identities = IntStream.range(0, 5).mapToObj(i -> "us-east-1:0000000" + i + "-0000-0000-0000-000000000000").toList();
        identities.forEach(identity -> iot.attachThingPrincipal(b -> b.thingName("popular").principal(identity)));

        List<ListThingPrincipalsResponse> pages = iot.listThingPrincipalsPaginator(b -> b.thingName("popular").maxResults(2)).stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.principals().stream())).containsExactlyElementsOf(identities);
    }

    @Test
    void listPrincipalThingsPaginatorWalksEveryPage() {
        String identity = sharedByFiveThings("shared-");

        List<ListPrincipalThingsResponse> pages = iot.listPrincipalThingsPaginator(b -> b.principal(identity).maxResults(2))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.things().stream()))
                .containsExactly("shared-0", "shared-1", "shared-2", "shared-3", "shared-4");
    }

    @Test
    void listPrincipalThingsV2PaginatorWalksEveryPage() {
        String identity = sharedByFiveThings("shared-v2-");

        List<ListPrincipalThingsV2Response> pages = iot.listPrincipalThingsV2Paginator(b -> b.principal(identity).maxResults(2))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.principalThingObjects().stream())).extracting(PrincipalThingObject::thingName)
                .containsExactly("shared-v2-0", "shared-v2-1", "shared-v2-2", "shared-v2-3", "shared-v2-4");
    }

    @Test
    void listThingPrincipalsV2PaginatorWalksEveryPage() {
        iot.createThing(b -> b.thingName("popular-v2"));
        List<String> identities = IntStream.range(0, 5).mapToObj(i -> "us-east-1:1000000" + i + "-0000-0000-0000-000000000000").toList();
        identities.forEach(identity -> iot.attachThingPrincipal(b -> b.thingName("popular-v2").principal(identity)));

        List<ListThingPrincipalsV2Response> pages = iot.listThingPrincipalsV2Paginator(b -> b.thingName("popular-v2").maxResults(2))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.thingPrincipalObjects().stream())).extracting(ThingPrincipalObject::principal)
                .containsExactlyElementsOf(identities);
    }

    /** The certificate comes from the emulator's own {@code certificates().issue}, attached to its thing there. */
    @Test
    void aCertificateOfTheAccountAttachesToAThing() {
        DeviceCertificate certificate = running.get().certificates().issue("other-thing");
        String arn = certificateArn(certificate.certificateId());
        iot.createThing(b -> b.thingName("certified"));

        iot.attachThingPrincipal(b -> b.thingName("certified").principal(arn));

        assertThat(iot.listThingPrincipals(b -> b.thingName("certified")).principals()).containsExactly(arn);
        assertThat(iot.listPrincipalThings(b -> b.principal(arn)).things()).containsExactlyInAnyOrder("other-thing", "certified");

    }

    /** A new Cognito identity attached to five new things, {@code prefix0} to {@code prefix4}. */
    private String sharedByFiveThings(String prefix) {
        String identity = identity();
        IntStream.range(0, 5).forEach(i -> {
            iot.createThing(b -> b.thingName(prefix + i));
            iot.attachThingPrincipal(b -> b.thingName(prefix + i).principal(identity));
        });
        return identity;
    }

    private static String certificateArn(String certificateId) {
        return "arn:aws:iot:us-east-1:000000000000:cert/" + certificateId;
    }

    /** The ARN of a new certificate attached to no thing: exclusive attachments are for certificates only. */
    private String certificate() {
        return iot.createKeysAndCertificate(b -> b.setAsActive(false)).certificateArn();
    }

    private static String identity() {
        return "us-east-1:" + UUID.randomUUID();
    }
}

package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.broker.BrokerMessage;
import dev.iotlocal.emulator.internal.broker.BrokerPublisher;
import dev.iotlocal.emulator.internal.broker.RetainedTimes;
import dev.iotlocal.emulator.internal.broker.ServiceRequests;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.identity.CredentialRegistry;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.Page;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.shadow.ShadowKey;
import dev.iotlocal.emulator.internal.shadow.ShadowRejection;
import dev.iotlocal.emulator.internal.shadow.ShadowService;
import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.Expectations;
import dev.iotlocal.emulator.internal.sigv4.Reason;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.sigv4.Verification;
import dev.iotlocal.emulator.internal.topic.ReservedTopics;
import dev.iotlocal.emulator.internal.topic.Topics;
import dev.iotlocal.emulator.internal.util.ClientText;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT's HTTPS data plane ({@code iot-data}, restJson1), served on the WSS door's port as AWS IoT serves it on 443:
 * GetThingShadow, UpdateThingShadow, DeleteThingShadow and ListNamedShadowsForThing (the {@link ShadowService}, whose
 * changes reach MQTT subscribers), Publish (into the broker, with QoS, retain and MQTT 5 properties), GetRetainedMessage
 * and ListRetainedMessages. Requests are SigV4-signed for {@code iotdata} or {@code iotdevicegateway}: with the account's
 * key (an administrator, allowed everything), with credentials Cognito issued (the identity's IoT policy and its pool's
 * role are evaluated, thing variables unresolved), or, when told to, with foreign credentials let in unverified.
 * Answers and errors are AWS IoT's; a denial is 403 {@code ForbiddenException} and a journal entry. Thread-safe.
 */
public final class IotDataPlane {

    static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.aws.iotdata");
    /** AWS IoT's limit on a message's payload. */
    public static final int MAXIMUM_PAYLOAD_BYTES = 128 * 1024;

    private static final int DEFAULT_NAMED_SHADOW_PAGE = 25;
    private static final int MAXIMUM_NAMED_SHADOW_PAGE = 100;
    private static final int DEFAULT_RETAINED_PAGE = 200;
    private static final int MAXIMUM_RETAINED_PAGE = 200;
    private static final String SHADOW_PATH = "/things/";
    private static final String LIST_NAMED_SHADOWS_PATH = "/api/things/shadow/ListNamedShadowsForThing/";
    private static final String TOPICS_PATH = "/topics/";
    private static final String RETAINED_PATH = "/retainedMessage";

    /** An HTTP answer. */
    public record Answer(int status, Map<String, String> headers, String body) {

        static Answer json(String body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
            return new Answer(200, headers, body);
        }

        public static Answer of(AwsErrorResponse error) {
            return new Answer(error.status(), error.headers(), error.body());
        }
    }

    /**
     * What the data plane needs.
     *
     * @param administratorKeyId       the account's access key, allowed every operation
     * @param acceptForeignCredentials whether requests signed with keys the emulator did not issue are let in unverified
     * @param policies                 the evaluator of IoT policies, or empty when policy evaluation is switched off
     */
    public record Settings(String region, String accountId, String administratorKeyId, boolean acceptForeignCredentials,
                           AwsIotRules rules, Optional<PolicyEvaluator> policies) {}

    /** Who signed a request; null principal for the account's key. */
    private record Caller(Principal principal) {
        boolean administrator() {
            return principal == null;
        }
    }

    /** A refusal answered with an AWS error. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient AwsErrorResponse error;

        Refused(int status, String type, String message) {
            super(message, null, false, false);
            this.error = AwsErrorResponse.restJson(status, type, message);
        }
    }

    private final Settings settings;
    private final SigV4Verifier verifier;
    private final Expectations expectations;
    private final CredentialLookup credentials;
    private final CredentialRegistry issued;
    private final ShadowService shadows;
    private final ServiceRequests services;
    private final BrokerPublisher publisher;
    private final RetainedTimes retained;
    private final InMemoryJournal journal;
    private final Clock clock;

    /**
     * @param credentials every key whose signature is verified: the account's and those Cognito issued
     * @param services    who answers a publish on a reserved request topic (a shadow update published over HTTPS)
     */
    public IotDataPlane(Settings settings, SigV4Verifier verifier, CredentialLookup credentials, CredentialRegistry issued,
                        ShadowService shadows, ServiceRequests services, BrokerPublisher publisher, RetainedTimes retained,
                        InMemoryJournal journal, Clock clock) {
        this.settings = settings;
        this.verifier = verifier;
        this.expectations = Expectations.awsIot(settings.region());
        this.credentials = credentials;
        this.issued = issued;
        this.shadows = shadows;
        this.services = services;
        this.publisher = publisher;
        this.retained = retained;
        this.journal = journal;
        this.clock = clock;
    }

    /** Whether a path is one of the data plane's (every other path on the port is the WebSocket door's). */
    public static boolean serves(String rawPath) {
        return rawPath.startsWith(SHADOW_PATH) || rawPath.startsWith(LIST_NAMED_SHADOWS_PATH) || rawPath.startsWith(TOPICS_PATH)
                || rawPath.equals(RETAINED_PATH) || rawPath.startsWith(RETAINED_PATH + "/");
    }

    /**
     * Answers one request.
     *
     * @param uri     the request target as received: raw path and query
     * @param headers the headers as received
     */
    public CompletableFuture<Answer> handle(String method, String uri, Map<String, List<String>> headers, byte[] body,
                                            String clientAddress) {
        QueryStringDecoder target = new QueryStringDecoder(uri);
        String operation = "request";
        try {
            String path = target.path();
            Route route = route(method, path);
            operation = route.operation;
            Caller caller = verify(method, target, headers, body, clientAddress, operation);
            Map<String, List<String>> query = target.parameters();
            return switch (route.operation) {
                case "GetThingShadow" -> completed(getShadow(caller, shadowKey(route.name, query)));
                case "UpdateThingShadow" -> completed(updateShadow(caller, shadowKey(route.name, query), body));
                case "DeleteThingShadow" -> completed(deleteShadow(caller, shadowKey(route.name, query)));
                case "ListNamedShadowsForThing" -> completed(listNamedShadows(caller, route.name, query));
                case "Publish" -> publish(caller, route.name, query, headers, body);
                case "GetRetainedMessage" -> getRetainedMessage(caller, route.name);
                case "ListRetainedMessages" -> listRetainedMessages(caller, query);
                default -> throw new IllegalStateException(route.operation);
            };
        } catch (Refused refused) {
            LOG.info("{} from {} answered {} {}: {}", operation, clientAddress, refused.error.status(),
                    refused.error.headers().get("x-amzn-ErrorType"), refused.getMessage());
            return CompletableFuture.completedFuture(Answer.of(refused.error));
        } catch (RuntimeException bug) {
            LOG.warn("{} failed inside the emulator", operation, bug);
            return CompletableFuture.completedFuture(Answer.of(AwsErrorResponse.restJson(500, "InternalFailureException",
                    "An internal error occurred in IoT Local (" + bug.getClass().getSimpleName() + "); the emulator's log has the details")));
        }
    }

    private static CompletableFuture<Answer> completed(Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    // --- routing and signatures ---

    /** An operation and its path label (thing name or topic), decoded. */
    private record Route(String operation, String name) {}

    private static Route route(String method, String path) {
        if (path.startsWith(LIST_NAMED_SHADOWS_PATH)) {
            return only(method, "GET", new Route("ListNamedShadowsForThing", path.substring(LIST_NAMED_SHADOWS_PATH.length())));
        }
        if (path.startsWith(SHADOW_PATH) && path.endsWith("/shadow") && path.length() > SHADOW_PATH.length() + "/shadow".length()) {
            String thing = path.substring(SHADOW_PATH.length(), path.length() - "/shadow".length());
            return switch (method) {
                case "GET" -> new Route("GetThingShadow", thing);
                case "POST" -> new Route("UpdateThingShadow", thing);
                case "DELETE" -> new Route("DeleteThingShadow", thing);
                default -> throw methodNotAllowed(method, path);
            };
        }
        if (path.startsWith(TOPICS_PATH) && path.length() > TOPICS_PATH.length()) {
            return only(method, "POST", new Route("Publish", path.substring(TOPICS_PATH.length())));
        }
        if (path.equals(RETAINED_PATH)) {
            return only(method, "GET", new Route("ListRetainedMessages", ""));
        }
        if (path.startsWith(RETAINED_PATH + "/") && path.length() > RETAINED_PATH.length() + 1) {
            return only(method, "GET", new Route("GetRetainedMessage", path.substring(RETAINED_PATH.length() + 1)));
        }
        throw new Refused(404, "ResourceNotFoundException", "IoT Local's HTTPS data plane has no operation at " + method + " "
                + ClientText.printable(path, 200) + " (it serves /things/{thing}/shadow, /api/things/shadow/ListNamedShadowsForThing/{thing},"
                + " /topics/{topic} and /retainedMessage[/{topic}])");
    }

    private static Route only(String method, String expected, Route route) {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method, route.operation);
        }
        return route;
    }

    private static Refused methodNotAllowed(String method, String what) {
        return new Refused(405, "MethodNotAllowedException", "The method " + ClientText.printable(method, 20) + " is not allowed for "
                + ClientText.printable(what, 200));
    }

    private Caller verify(String method, QueryStringDecoder target, Map<String, List<String>> headers, byte[] body,
                          String clientAddress, String operation) {
        String uri = target.uri();
        int question = uri.indexOf('?');
        SignedRequest request = new SignedRequest(method, target.rawPath(), question < 0 ? null : uri.substring(question + 1), headers,
                body);
        AtomicReference<String> askedFor = new AtomicReference<>();
        CredentialLookup lookup = accessKeyId -> {
            askedFor.set(accessKeyId);
            return credentials.find(accessKeyId);
        };
        boolean presigned = request.headerValues("authorization").isEmpty() && target.parameters().containsKey("X-Amz-Signature");
        Verification verification = presigned
                ? verifier.verifyQuery(request, expectations, lookup)
                : verifier.verifyHeader(request, expectations, lookup);
        if (verification instanceof Verification.Refused refused) {
            if (refused.reason() == Reason.UNKNOWN_ACCESS_KEY && settings.acceptForeignCredentials()) {
                LOG.info("{} from {} accepted with foreign access key {}: its signature was not verified (acceptForeignCredentials is on)",
                        operation, clientAddress, askedFor.get());
                return new Caller(CredentialRegistry.foreignPrincipal(askedFor.get(), settings.accountId(), settings.region(), clientAddress));
            }
            AwsServiceError error = AwsErrors.forRefusedSignature(refused);
            // the reason only in the log: the message may quote the canonical request, session token included
            LOG.info("{} from {} refused: {} ({})", operation, clientAddress, error.type(), refused.reason());
            throw new Refused(error.status(), error.type(), error.getMessage());
        }
        String accessKeyId = ((Verification.Verified) verification).accessKeyId();
        if (accessKeyId.equals(settings.administratorKeyId())) {
            return new Caller(null);
        }
        Optional<CredentialRegistry.Issued> credential = issued.issued(accessKeyId);
        if (credential.isEmpty()) {
            throw new Refused(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        return new Caller(credential.get().principal(settings.accountId(), settings.region(), clientAddress));
    }

    /** Evaluates the caller's policies for one action; a denial is recorded by the evaluator and answered 403. */
    private void authorize(Caller caller, String action, String resourceType, String resourceName) {
        if (caller.administrator() || settings.policies().isEmpty()) {
            return;
        }
        PolicyEvaluator evaluator = settings.policies().get();
        String resource = resourceName == null ? resourceType : evaluator.arn(resourceType, resourceName);
        evaluator.authorize(caller.principal(), action, resource).ifPresent(denial -> {
            throw new Refused(403, "ForbiddenException", "Forbidden");
        });
    }

    // --- shadows ---

    private static ShadowKey shadowKey(String thingName, Map<String, List<String>> query) {
        String shadowName = first(query, "name").orElse("");
        try {
            return ShadowKey.of(thingName, shadowName);
        } catch (ShadowRejection invalid) {
            throw new Refused(400, "InvalidRequestException", invalid.message());
        }
    }

    private static String shadowResource(ShadowKey key) {
        return key.classic() ? key.thingName() : key.thingName() + "/" + key.shadowName();
    }

    private Answer getShadow(Caller caller, ShadowKey key) {
        authorize(caller, "iot:GetThingShadow", "thing", shadowResource(key));
        return shadowAnswer(() -> shadows.get(key, ShadowService.Via.HTTPS, ""));
    }

    private Answer updateShadow(Caller caller, ShadowKey key, byte[] body) {
        authorize(caller, "iot:UpdateThingShadow", "thing", shadowResource(key));
        return shadowAnswer(() -> shadows.update(key, body, ShadowService.Via.HTTPS, ""));
    }

    private Answer deleteShadow(Caller caller, ShadowKey key) {
        authorize(caller, "iot:DeleteThingShadow", "thing", shadowResource(key));
        return shadowAnswer(() -> shadows.delete(key, ShadowService.Via.HTTPS, ""));
    }

    private static Answer shadowAnswer(java.util.function.Supplier<ObjectNode> operation) {
        try {
            return Answer.json(operation.get().toString());
        } catch (ShadowRejection rejection) {
            throw new Refused(rejection.code(), errorType(rejection.code()), rejection.message());
        }
    }

    /** The iot-data model's exception for each status the shadow service answers. */
    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "InvalidRequestException";
            case 401 -> "UnauthorizedException";
            case 403 -> "ForbiddenException";
            case 404 -> "ResourceNotFoundException";
            case 405 -> "MethodNotAllowedException";
            case 409 -> "ConflictException";
            case 413 -> "RequestEntityTooLargeException";
            case 415 -> "UnsupportedDocumentEncodingException";
            case 429 -> "ThrottlingException";
            case 503 -> "ServiceUnavailableException";
            default -> "InternalFailureException";
        };
    }

    private Answer listNamedShadows(Caller caller, String thingName, Map<String, List<String>> query) {
        try {
            ShadowKey.of(thingName, "");
        } catch (ShadowRejection invalid) {
            throw new Refused(400, "InvalidRequestException", invalid.message());
        }
        authorize(caller, "iot:ListNamedShadowsForThing", "thing", thingName);
        int pageSize = pageSize(query, "pageSize", DEFAULT_NAMED_SHADOW_PAGE, MAXIMUM_NAMED_SHADOW_PAGE);
        Page<String> page = page(() -> shadows.namedShadows(thingName, first(query, "nextToken").orElse(null), pageSize));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode results = answer.putArray("results");
        page.items().forEach(results::add);
        page.next().ifPresent(next -> answer.put("nextToken", next));
        answer.put("timestamp", clock.instant().toEpochMilli());
        return Answer.json(answer.toString());
    }

    private static <T> Page<T> page(java.util.function.Supplier<Page<T>> listing) {
        try {
            return listing.get();
        } catch (RegistryError invalidToken) {
            throw new Refused(400, "InvalidRequestException", invalidToken.getMessage());
        }
    }

    private static int pageSize(Map<String, List<String>> query, String parameter, int defaultSize, int maximum) {
        Optional<String> value = first(query, parameter);
        if (value.isEmpty()) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value.get());
            if (size >= 1 && size <= maximum) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new Refused(400, "InvalidRequestException", parameter + " must be between 1 and " + maximum + "; it is '"
                + ClientText.printable(value.get(), 40) + "'");
    }

    // --- publish and retained messages ---

    private CompletableFuture<Answer> publish(Caller caller, String topic, Map<String, List<String>> query,
                                              Map<String, List<String>> headers, byte[] body) {
        int qos = first(query, "qos").map(value -> switch (value) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw new Refused(400, "InvalidRequestException", "qos must be 0 or 1; AWS IoT does not support QoS "
                    + ClientText.printable(value, 20));
        }).orElse(0);
        boolean retain = first(query, "retain").map(Boolean::parseBoolean).orElse(false);
        AwsIotRules rules = settings.rules();
        Optional<Principal> who = Optional.ofNullable(caller.principal());
        if (rules.topicLimits()) {
            int bytes = Topics.countedBytes(topic);
            if (bytes > AwsIotRules.MAXIMUM_TOPIC_BYTES) {
                throw violated(AwsIotRule.TOPIC_TOO_LONG, who, 400, "InvalidRequestException", "The topic is " + bytes
                        + " bytes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_TOPIC_BYTES, "topicLimits");
            }
            int slashes = Topics.countedSlashes(topic);
            if (slashes > AwsIotRules.MAXIMUM_TOPIC_SLASHES) {
                throw violated(AwsIotRule.TOPIC_TOO_DEEP, who, 400, "InvalidRequestException", "The topic has " + slashes
                        + " slashes; AWS IoT allows at most " + AwsIotRules.MAXIMUM_TOPIC_SLASHES, "topicLimits");
            }
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new Refused(400, "InvalidRequestException", "A topic to publish to cannot hold the wildcards + or #");
        }
        if (rules.reservedTopics() && ReservedTopics.isReserved(topic) && !ReservedTopics.publishAllowed(topic)) {
            throw violated(AwsIotRule.RESERVED_TOPIC, who, 403, "ForbiddenException", "AWS IoT lets no client publish to the reserved topic '"
                    + ClientText.printable(topic, 300) + "'", "reservedTopics");
        }
        if (rules.packetSizeLimit() && body.length > MAXIMUM_PAYLOAD_BYTES) {
            throw violated(AwsIotRule.PACKET_TOO_LARGE, who, 413, "RequestEntityTooLargeException", "The payload is " + body.length
                    + " bytes; AWS IoT accepts at most " + MAXIMUM_PAYLOAD_BYTES, "packetSizeLimit");
        }
        if (retain && rules.retainedMessages() == RetainedMessages.NOT_SUPPORTED) {
            throw violated(AwsIotRule.RETAIN_NOT_SUPPORTED, who, 400, "InvalidRequestException",
                    "Retained messages are not supported (IoT Local's default retained-message profile, AWS IoT before September 2021)",
                    "retainedMessages(RetainedMessages.AWS)");
        }
        authorize(caller, PolicyEvaluator.PUBLISH, "topic", topic);
        if (retain) {
            authorize(caller, PolicyEvaluator.RETAIN_PUBLISH, "topic", topic);
        }
        BrokerMessage message = new BrokerMessage(topic, body, qos, retain, first(query, "contentType"), first(query, "responseTopic"),
                base64Header(headers, "x-amz-mqtt5-correlation-data"), userProperties(headers), messageExpiry(query),
                payloadFormat(headers));
        return publisher.publishFor("", message).handle((done, failure) -> {
            if (failure != null) {
                LOG.warn("Publish to '{}' over HTTPS was not taken by the broker: {}", topic, failure.toString());
                return Answer.of(AwsErrorResponse.restJson(503, "ServiceUnavailableException", "The broker did not take the message"));
            }
            if (ReservedTopics.isReserved(topic)) {
                services.received("", topic, ByteBuffer.wrap(body));
            }
            LOG.debug("Published {} bytes to '{}' over HTTPS (QoS {}{})", body.length, topic, qos, retain ? ", retain" : "");
            return Answer.json(Json.MAPPER.createObjectNode().put("message", "OK").put("traceId", UUID.randomUUID().toString()).toString());
        });
    }

    private Refused violated(AwsIotRule rule, Optional<Principal> who, int status, String type, String message, String switchName) {
        String detail = "HTTPS Publish refused with " + status + ": " + message;
        journal.record(new RuleViolation(rule, "", who, switchName == null ? detail : detail + " (switch: " + switchName + ")",
                clock.instant()));
        return new Refused(status, type, message);
    }

    private static OptionalLong messageExpiry(Map<String, List<String>> query) {
        Optional<String> value = first(query, "messageExpiry");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long seconds = Long.parseLong(value.get());
            if (seconds >= 0 && seconds <= 0xFFFFFFFFL) {
                return OptionalLong.of(seconds);
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new Refused(400, "InvalidRequestException", "messageExpiry must be a number of seconds");
    }

    private static Optional<Boolean> payloadFormat(Map<String, List<String>> headers) {
        return header(headers, "x-amz-mqtt5-payload-format-indicator").map(value -> switch (value) {
            case "UTF8_DATA" -> true;
            case "UNSPECIFIED_BYTES" -> false;
            default -> throw new Refused(400, "InvalidRequestException",
                    "x-amz-mqtt5-payload-format-indicator is UNSPECIFIED_BYTES or UTF8_DATA");
        });
    }

    private static Optional<byte[]> base64Header(Map<String, List<String>> headers, String name) {
        return header(headers, name).map(value -> {
            try {
                return Base64.getDecoder().decode(value.trim());
            } catch (IllegalArgumentException notBase64) {
                throw new Refused(400, "InvalidRequestException", name + " must be base64");
            }
        });
    }

    /** {@code x-amz-mqtt5-user-properties}: base64 of a JSON array of one-member objects, {@code [{"name":"value"}]}. */
    private static List<Map.Entry<String, String>> userProperties(Map<String, List<String>> headers) {
        Optional<byte[]> json = base64Header(headers, "x-amz-mqtt5-user-properties");
        if (json.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        try {
            JsonNode array = Json.MAPPER.readTree(json.get());
            if (array == null || !array.isArray()) {
                throw new IOException("not an array");
            }
            for (JsonNode property : array) {
                if (!property.isObject()) {
                    throw new IOException("not an object");
                }
                property.fields().forEachRemaining(field -> properties.add(Map.entry(field.getKey(),
                        field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString())));
            }
        } catch (IOException e) {
            throw new Refused(400, "InvalidRequestException",
                    "x-amz-mqtt5-user-properties must be base64 of a JSON array of objects, [{\"name\":\"value\"}]");
        }
        return properties;
    }

    private CompletableFuture<Answer> getRetainedMessage(Caller caller, String topic) {
        authorize(caller, "iot:GetRetainedMessage", "topic", topic);
        if (settings.rules().retainedMessages() == RetainedMessages.NOT_SUPPORTED) {
            return completed(notRetained(topic));
        }
        return retained.get(topic).thenApply(found -> {
            if (found.isEmpty()) {
                return notRetained(topic);
            }
            RetainedTimes.Retained message = found.get();
            ObjectNode answer = Json.MAPPER.createObjectNode()
                    .put("topic", message.topic())
                    .put("payload", Base64.getEncoder().encodeToString(message.payload()))
                    .put("qos", message.qos())
                    .put("lastModifiedTime", message.lastModified().toEpochMilli());
            if (!message.userProperties().isEmpty()) {
                ArrayNode properties = Json.MAPPER.createArrayNode();
                message.userProperties().forEach(property -> properties.addObject().put(property.getKey(), property.getValue()));
                answer.put("userProperties", Base64.getEncoder().encodeToString(properties.toString().getBytes(StandardCharsets.UTF_8)));
            }
            return Answer.json(answer.toString());
        });
    }

    private static Answer notRetained(String topic) {
        return Answer.of(AwsErrorResponse.restJson(404, "ResourceNotFoundException", "No retained message exists on topic: '"
                + ClientText.printable(topic, 300) + "'"));
    }

    private CompletableFuture<Answer> listRetainedMessages(Caller caller, Map<String, List<String>> query) {
        authorize(caller, "iot:ListRetainedMessages", "*", null);
        int maxResults = pageSize(query, "maxResults", DEFAULT_RETAINED_PAGE, MAXIMUM_RETAINED_PAGE);
        String token = first(query, "nextToken").orElse(null);
        CompletableFuture<List<RetainedTimes.Retained>> all = settings.rules().retainedMessages() == RetainedMessages.NOT_SUPPORTED
                ? CompletableFuture.completedFuture(List.of())
                : retained.all();
        return all.thenApply(messages -> {
            Page<RetainedTimes.Retained> page = page(() -> Page.of(messages, RetainedTimes.Retained::topic, token, maxResults));
            ObjectNode answer = Json.MAPPER.createObjectNode();
            ArrayNode topics = answer.putArray("retainedTopics");
            for (RetainedTimes.Retained message : page.items()) {
                topics.addObject()
                        .put("topic", message.topic())
                        .put("payloadSize", message.payload().length)
                        .put("qos", message.qos())
                        .put("lastModifiedTime", message.lastModified().toEpochMilli());
            }
            page.next().ifPresent(next -> answer.put("nextToken", next));
            return Answer.json(answer.toString());
        }).exceptionally(failure -> {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            if (cause instanceof Refused refused) {
                return Answer.of(refused.error);
            }
            LOG.warn("ListRetainedMessages failed inside the emulator", cause);
            return Answer.of(AwsErrorResponse.restJson(500, "InternalFailureException", "An internal error occurred in IoT Local"));
        });
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return Optional.of(header.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}

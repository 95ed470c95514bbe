package dev.iotlocal.emulator.internal.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.iotlocal.emulator.identity.CertificateStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything an AWS IoT account holds that the control plane manages: things, thing types, thing groups,
 * certificates, policies and the attachments between them. Plain mutable data, read and changed only under
 * {@link AccountRegistry}'s lock; it is also the form saved to the data directory (one JSON document), so fields
 * are only ever added. Timestamps are epoch milliseconds. Every collection is read back as the kind it was made as
 * ({@code @JsonDeserialize}), so sorted maps stay sorted and sets keep their order after a restart or a restore.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AccountState {

    /** The saved form's version; it changes only when a field changes meaning. */
    public int version = 1;
    /** Things by name. */
    @JsonDeserialize(as = TreeMap.class)
    public Map<String, Thing> things = new TreeMap<>();
    /** Thing types by name. */
    @JsonDeserialize(as = TreeMap.class)
    public Map<String, ThingType> thingTypes = new TreeMap<>();
    /** Thing groups by name. */
    @JsonDeserialize(as = TreeMap.class)
    public Map<String, ThingGroup> thingGroups = new TreeMap<>();
    /** Certificates by certificate id. */
    @JsonDeserialize(as = LinkedHashMap.class)
    public Map<String, Certificate> certificates = new LinkedHashMap<>();
    /** Policies by name. */
    @JsonDeserialize(as = TreeMap.class)
    public Map<String, Policy> policies = new TreeMap<>();
    /**
     * AttachThingPrincipal: thing name to the principals attached to it (certificate ARN or Cognito identity id),
     * each with its {@code thingPrincipalType}.
     */
    @JsonDeserialize(as = TreeMap.class, contentAs = TreeMap.class)
    public Map<String, Map<String, ThingPrincipalType>> thingPrincipals = new TreeMap<>();
    /** AttachPolicy: policy name to its targets (certificate ARN, thing-group ARN or Cognito identity id), in attach order. */
    @JsonDeserialize(as = TreeMap.class, contentAs = LinkedHashSet.class)
    public Map<String, Set<String>> policyTargets = new TreeMap<>();

    /** How a principal is attached to a thing. */
    public enum ThingPrincipalType { EXCLUSIVE_THING, NON_EXCLUSIVE_THING }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Thing {
        public String name;
        public String id;
        public String thingTypeName;
        public String billingGroupName;
        @JsonDeserialize(as = TreeMap.class)
        public Map<String, String> attributes = new TreeMap<>();
        public long version = 1;
        public long creationDate;
        /** The static thing groups the thing is a member of, in the order it was added. */
        @JsonDeserialize(as = LinkedHashSet.class)
        public Set<String> thingGroups = new LinkedHashSet<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ThingType {
        public String name;
        public String id;
        public String description;
        public List<String> searchableAttributes = new ArrayList<>();
        public boolean deprecated;
        public Long deprecationDate;
        public long creationDate;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class ThingGroup {
        public String name;
        public String id;
        public String parentGroupName;
        public String description;
        @JsonDeserialize(as = TreeMap.class)
        public Map<String, String> attributes = new TreeMap<>();
        public long version = 1;
        public long creationDate;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Certificate {
        public String id;
        public String pem;
        public CertificateStatus status;
        /** The id of the registered CA certificate that signed it; null for the emulator's CA and for RegisterCertificateWithoutCA. */
        public String caCertificateId;
        /** {@code DEFAULT}, or {@code SNI_ONLY} for RegisterCertificateWithoutCA. */
        public String certificateMode = "DEFAULT";
        public long creationDate;
        public long lastModifiedDate;
        public int customerVersion = 1;
        public String generationId;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Policy {
        public String name;
        public String defaultVersionId;
        /** Versions by id, oldest first. */
        @JsonDeserialize(as = LinkedHashMap.class)
        public Map<String, PolicyVersion> versions = new LinkedHashMap<>();
        /** The id the next CreatePolicyVersion gets. */
        public int nextVersionId = 2;
        public long creationDate;
        public long lastModifiedDate;
        public String generationId;
        /** CreatePolicy's tags, kept as given; no operation reads them back (the tagging operations are not emulated). */
        @JsonDeserialize(as = LinkedHashMap.class)
        public Map<String, String> tags = new LinkedHashMap<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class PolicyVersion {
        public String versionId;
        public String document;
        public long creationDate;
        public String generationId;
    }
}

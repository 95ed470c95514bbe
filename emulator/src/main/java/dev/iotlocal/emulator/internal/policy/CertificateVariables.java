package dev.iotlocal.emulator.internal.policy;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The {@code iot:Certificate.*} policy variables of a device certificate, as AWS IoT's guide defines them: the
 * subject's and issuer's attributes ({@code iot:Certificate.Subject.CommonName}; {@code .1} for the second value of a
 * multi-valued one, {@code .List} for all of them, at most five), their alternative names, the serial number and
 * {@code iot:Certificate.AvailableKeys}. A value holding a wildcard character ({@code * $ + ? #}) or longer than 1,024
 * characters is left unresolved, as AWS IoT leaves it. Stateless.
 */
final class CertificateVariables {

    private static final Map<String, ASN1ObjectIdentifier> ATTRIBUTES = new LinkedHashMap<>();

    static {
        ATTRIBUTES.put("DistinguishedNameQualifier", BCStyle.DN_QUALIFIER);
        ATTRIBUTES.put("Country", BCStyle.C);
        ATTRIBUTES.put("Organization", BCStyle.O);
        ATTRIBUTES.put("OrganizationalUnit", BCStyle.OU);
        ATTRIBUTES.put("State", BCStyle.ST);
        ATTRIBUTES.put("CommonName", BCStyle.CN);
        ATTRIBUTES.put("SerialNumber", BCStyle.SERIALNUMBER);
        ATTRIBUTES.put("Title", BCStyle.T);
        ATTRIBUTES.put("Surname", BCStyle.SURNAME);
        ATTRIBUTES.put("GivenName", BCStyle.GIVENNAME);
        ATTRIBUTES.put("Initials", BCStyle.INITIALS);
        ATTRIBUTES.put("Pseudonym", BCStyle.PSEUDONYM);
        ATTRIBUTES.put("GenerationQualifier", BCStyle.GENERATION);
    }

    /** The alternative-name types of X.509 (their GeneralName tags) that AWS IoT exposes. */
    private static final Map<Integer, String> ALTERNATIVE_NAMES = Map.of(
            1, "RFC822Name", 2, "DNSName", 4, "DirectoryName", 6, "UniformResourceIdentifier", 7, "IPAddress");

    private static final int MAXIMUM_LENGTH = 1024;
    private static final int MAXIMUM_LIST_ITEMS = 5;

    private CertificateVariables() {}

    /** Adds the certificate's variables to a request context. */
    static void addTo(RequestContext.Builder context, X509Certificate certificate) {
        List<String> available = new ArrayList<>();
        names(context, available, "Subject", X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
        names(context, available, "Issuer", X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()));
        try {
            alternativeNames(context, available, "Subject", certificate.getSubjectAlternativeNames());
            alternativeNames(context, available, "Issuer", certificate.getIssuerAlternativeNames());
        } catch (CertificateParsingException e) {
            // a certificate whose extensions do not parse has no alternative-name variables
        }
        put(context, available, RequestContext.CERTIFICATE + "SerialNumber", List.of(certificate.getSerialNumber().toString()));
        context.putAll(RequestContext.CERTIFICATE + "AvailableKeys", available);
    }

    private static void names(RequestContext.Builder context, List<String> available, String which, X500Name name) {
        ATTRIBUTES.forEach((attribute, oid) -> {
            List<String> values = new ArrayList<>();
            for (RDN rdn : name.getRDNs(oid)) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getType().equals(oid)) {
                        values.add(IETFUtils.valueToString(value.getValue()));
                    }
                }
            }
            put(context, available, RequestContext.CERTIFICATE + which + "." + attribute, values);
        });
    }

    private static void alternativeNames(RequestContext.Builder context, List<String> available, String which,
                                         Collection<List<?>> names) {
        if (names == null) {
            return;
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (List<?> name : names) {
            String type = ALTERNATIVE_NAMES.get((Integer) name.get(0));
            if (type != null && name.get(1) instanceof String value) {
                byType.computeIfAbsent(type, any -> new ArrayList<>()).add(value);
            }
        }
        byType.forEach((type, values) -> put(context, available, RequestContext.CERTIFICATE + which + ".AlternativeName." + type, values));
    }

    /** A variable's first value under its name, the n+1st under {@code .n}, up to five under {@code .List}. */
    private static void put(RequestContext.Builder context, List<String> available, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<String> usable = values.stream().limit(MAXIMUM_LIST_ITEMS).toList();
        for (int i = 0; i < usable.size(); i++) {
            String value = usable.get(i);
            if (resolvable(value)) {
                context.put(i == 0 ? key : key + "." + i, value);
            }
        }
        if (usable.stream().allMatch(CertificateVariables::resolvable)) {
            context.putAll(key + ".List", usable);
        }
        available.add(key);
    }

    private static boolean resolvable(String value) {
        if (value.length() > MAXIMUM_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if ("*$+?#".indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}

package dev.iotlocal.emulator.internal.policy;

import static dev.iotlocal.emulator.internal.policy.PolicyFixture.arn;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.evaluate;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.set;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code iot:Certificate.*} variables of a device certificate (A.5, A.6), read from certificates made here. */
class CertificateVariablesTest {

    private static final String SUBJECT = "iot:Certificate.Subject.";
    private static final BigInteger SERIAL = new BigInteger("921285cbb7a5e086", 16);
    private static final KeyPair KEYS = keyPair();

    private static final X509Certificate DEVICE = certificate(new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "US")
                    .addRDN(BCStyle.O, "Example Corp")
                    .addRDN(BCStyle.OU, "Sensors")
                    .addRDN(BCStyle.OU, "Floor2")
                    .addRDN(BCStyle.OU, "Building7")
                    .addRDN(BCStyle.CN, "device-1")
                    .build(),
            new GeneralName(GeneralName.dNSName, "device-1.example.com"),
            new GeneralName(GeneralName.dNSName, "backup.example.com"),
            new GeneralName(GeneralName.rfc822Name, "ops@example.com"),
            new GeneralName(GeneralName.iPAddress, "192.0.2.7"));

    @Test
    void theSubjectsCommonNameIsItsVariable() {
        assertThat(variables(DEVICE).value(SUBJECT + "CommonName")).isEqualTo("device-1");
        assertThat(variables(DEVICE).value(SUBJECT + "Organization")).isEqualTo("Example Corp");
        assertThat(variables(DEVICE).value(SUBJECT + "Country")).isEqualTo("US");
    }

    @Test
    void aMultiValuedAttributeGivesItsFirstValueAndDotOneIsTheSecond() {
        RequestContext variables = variables(DEVICE);

        assertThat(variables.value(SUBJECT + "OrganizationalUnit")).isEqualTo("Sensors");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.1")).isEqualTo("Floor2");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.2")).isEqualTo("Building7");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.3")).as("an index past the values").isNull();
        assertThat(variables.values(SUBJECT + "OrganizationalUnit.List")).containsExactly("Sensors", "Floor2", "Building7");
    }

    @Test
    void aListHoldsOnlyTheFirstFiveValues() {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "device-1");
        for (int i = 0; i < 7; i++) {
            name.addRDN(BCStyle.OU, "unit" + i);
        }

        RequestContext variables = variables(certificate(name.build()));

        assertThat(variables.values(SUBJECT + "OrganizationalUnit.List")).containsExactly("unit0", "unit1", "unit2", "unit3", "unit4");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.4")).isEqualTo("unit4");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.5")).isNull();
    }

    @ParameterizedTest(name = "common name dev{0}ice")
    @ValueSource(strings = {"*", "$", "+", "?", "#"})
    void aValueWithAWildcardCharacterIsLeftUnresolved(String character) {
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "dev" + character + "ice").addRDN(BCStyle.O, "Example Corp").build());

        RequestContext variables = variables(certificate);

        assertThat(variables.value(SUBJECT + "CommonName")).isNull();
        assertThat(variables.value(SUBJECT + "Organization")).isEqualTo("Example Corp");
    }

    @Test
    void aPolicyUsingAnUnresolvedCertificateVariableDoesNotMatch() {
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "dev*").build());
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \""
                + arn("client/${iot:Certificate.Subject.CommonName}") + "\""));

        Evaluation evaluation = evaluate(set, "iot:Connect", arn("client/dev*"), variables(certificate));

        assertThat(evaluation.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(evaluation.missingContextValues()).containsExactly("iot:Certificate.Subject.CommonName");
    }

    @Test
    void aListWithAValueHoldingAWildcardIsLeftUnresolvedWhileItsOtherValuesResolve() {
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "Sensors").addRDN(BCStyle.OU, "Floor#2").build());

        RequestContext variables = variables(certificate);

        assertThat(variables.value(SUBJECT + "OrganizationalUnit")).isEqualTo("Sensors");
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.1")).isNull();
        assertThat(variables.values(SUBJECT + "OrganizationalUnit.List")).isNull();
    }

    @Test
    void aValueLongerThan1024CharactersIsLeftUnresolved() {
        String longest = "u".repeat(1024);
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, longest).addRDN(BCStyle.OU, longest + "u").build());

        RequestContext variables = variables(certificate);

        assertThat(variables.value(SUBJECT + "OrganizationalUnit")).isEqualTo(longest);
        assertThat(variables.value(SUBJECT + "OrganizationalUnit.1")).isNull();
    }

    @Test
    void alternativeNamesAreVariablesByTheirType() {
        RequestContext variables = variables(DEVICE);

        assertThat(variables.value(SUBJECT + "AlternativeName.DNSName")).isEqualTo("device-1.example.com");
        assertThat(variables.value(SUBJECT + "AlternativeName.DNSName.1")).isEqualTo("backup.example.com");
        assertThat(variables.values(SUBJECT + "AlternativeName.DNSName.List")).containsExactly("device-1.example.com", "backup.example.com");
        assertThat(variables.value(SUBJECT + "AlternativeName.RFC822Name")).isEqualTo("ops@example.com");
        assertThat(variables.value(SUBJECT + "AlternativeName.IPAddress")).isEqualTo("192.0.2.7");
        assertThat(variables.value(SUBJECT + "AlternativeName.UniformResourceIdentifier")).isNull();
    }

    @Test
    void aWildcardDnsNameIsLeftUnresolved() {
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "device-1").build(),
                new GeneralName(GeneralName.dNSName, "*.example.com"));

        assertThat(variables(certificate).value(SUBJECT + "AlternativeName.DNSName")).isNull();
    }

    @Test
    void theIssuersAttributesAreVariablesToo() {
        RequestContext variables = variables(DEVICE);

        assertThat(variables.value("iot:Certificate.Issuer.CommonName")).isEqualTo("Test CA");
        assertThat(variables.value("iot:Certificate.Issuer.Organization")).isEqualTo("Issuer Org");
        assertThat(variables.value("iot:Certificate.Issuer.Country")).isEqualTo("DE");
    }

    @Test
    void theSerialNumberIsWrittenInDecimal() {
        assertThat(variables(DEVICE).value("iot:Certificate.SerialNumber")).isEqualTo("10525622389124227206");
    }

    @Test
    void availableKeysListsTheVariablesThatHaveValues() {
        assertThat(variables(DEVICE).values("iot:Certificate.AvailableKeys"))
                .contains(SUBJECT + "CommonName", SUBJECT + "OrganizationalUnit", SUBJECT + "Organization", SUBJECT + "Country",
                        SUBJECT + "AlternativeName.DNSName", SUBJECT + "AlternativeName.RFC822Name", SUBJECT + "AlternativeName.IPAddress",
                        "iot:Certificate.Issuer.CommonName", "iot:Certificate.SerialNumber")
                .doesNotContain(SUBJECT + "Surname", SUBJECT + "AlternativeName.UniformResourceIdentifier", "iot:Certificate.Issuer.OrganizationalUnit");
    }

    /** A.6: special characters in an attribute value are written backslash-escaped in the policy. */
    @Test
    void aValueWithSpecialCharactersMatchesItsEscapedFormInAPolicy() {
        X509Certificate certificate = certificate(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example, Inc.").build());
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\", "
                + "\"Condition\": {\"StringEquals\": {\"iot:Certificate.Subject.Organization\": \"Example\\\\, Inc.\"}}"));

        assertThat(evaluate(set, "iot:Connect", arn("client/c1"), variables(certificate)).decision()).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void aPolicyGrantsByTheCertificatesCommonNameAndOrganizationalUnits() {
        PolicySet set = set("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect",
                  "Resource": "%s",
                  "Condition": {"ForAllValues:StringEquals": {"iot:Certificate.Subject.OrganizationalUnit.List": ["Sensors", "Floor2", "Building7", "Lab"]},
                                "StringEquals": {"iot:Certificate.Subject.OrganizationalUnit.1": "Floor2"}}}]}"""
                .formatted(arn("client/${iot:Certificate.Subject.CommonName}")));
        PolicySet narrower = set("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*",
                  "Condition": {"ForAllValues:StringEquals": {"iot:Certificate.Subject.OrganizationalUnit.List": ["Sensors"]}}}]}""");

        assertThat(evaluate(set, "iot:Connect", arn("client/device-1"), variables(DEVICE)).decision()).isEqualTo(Decision.ALLOWED);
        assertThat(evaluate(set, "iot:Connect", arn("client/device-2"), variables(DEVICE)).decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(evaluate(narrower, "iot:Connect", arn("client/device-1"), variables(DEVICE)).decision()).isEqualTo(Decision.IMPLICIT_DENY);
    }

    private static RequestContext variables(X509Certificate certificate) {
        RequestContext.Builder builder = RequestContext.builder();
        CertificateVariables.addTo(builder, certificate);
        return builder.build();
    }

    /** A certificate for the subject, issued by {@code CN=Test CA, O=Issuer Org, C=DE} (signed with its own key: only its fields matter). */
    private static X509Certificate certificate(X500Name subject, GeneralName... alternativeNames) {
        X500Name issuer = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "DE").addRDN(BCStyle.O, "Issuer Org").addRDN(BCStyle.CN, "Test CA").build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, SERIAL, Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, KEYS.getPublic());
        try {
            if (alternativeNames.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate())));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.iotlocal.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The library stays usable in production against real AWS: its main code reaches only the JDK, the AWS SDKs
 * and Jackson, never the emulator, WireMock or HiveMQ, and its public API hands out no internal type.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.iotlocal.client");

    @Test
    void mainCodeDependsOnNeitherTheEmulatorNorItsServers() {
        noClasses().that().resideInAPackage("dev.iotlocal.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.iotlocal.emulator..", "com.github.tomakehurst..",
                        "org.wiremock..", "wiremock..", "com.hivemq..")
                .check(CLASSES);
    }

    @Test
    void mainCodeDependsOnlyOnTheJdkTheAwsSdksAndJackson() {
        noClasses().that().resideInAPackage("dev.iotlocal.client..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "dev.iotlocal.client..",
                        "software.amazon.awssdk..", "com.fasterxml.jackson..")
                .check(CLASSES);
    }

    @Test
    void publicApiDoesNotExposeInternalTypes() {
        codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("dev.iotlocal.client")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<JavaCodeUnit>("not use internal types in their signature") {
                    @Override
                    public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
                        codeUnit.getRawParameterTypes().forEach(type -> checkType(codeUnit, type, events));
                        checkType(codeUnit, codeUnit.getRawReturnType(), events);
                    }
                })
                .check(CLASSES);
    }

    private static void checkType(JavaCodeUnit codeUnit, JavaClass type, ConditionEvents events) {
        if (type.getName().startsWith("dev.iotlocal.client.internal.")) {
            events.add(SimpleConditionEvent.violated(codeUnit, codeUnit.getFullName() + " uses " + type.getName()));
        }
    }
}

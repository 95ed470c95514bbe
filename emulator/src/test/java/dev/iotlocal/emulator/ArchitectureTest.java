package dev.iotlocal.emulator;

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

/** The public API stays small: nothing public hands out or takes an internal type, and HiveMQ stays inside. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.iotlocal.emulator");

    @Test
    void publicApiDoesNotExposeInternalTypes() {
        codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("dev.iotlocal.emulator..")
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("dev.iotlocal.emulator.internal..")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<JavaCodeUnit>("not use internal, HiveMQ or BouncyCastle types in their signature") {
                    @Override
                    public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
                        codeUnit.getRawParameterTypes().forEach(type -> checkType(codeUnit, type, events));
                        checkType(codeUnit, codeUnit.getRawReturnType(), events);
                    }
                })
                .check(CLASSES);
    }

    @Test
    void onlyTheBrokerPackageTalksToHiveMq() {
        noClasses().that().resideOutsideOfPackage("dev.iotlocal.emulator.internal.broker..")
                .should().dependOnClassesThat().resideInAPackage("com.hivemq..")
                .check(CLASSES);
    }

    private static void checkType(JavaCodeUnit codeUnit, JavaClass type, ConditionEvents events) {
        String name = type.getName();
        if (name.contains(".internal.") || name.startsWith("com.hivemq.") || name.startsWith("org.bouncycastle.")) {
            events.add(SimpleConditionEvent.violated(codeUnit, codeUnit.getFullName() + " uses " + name));
        }
    }
}

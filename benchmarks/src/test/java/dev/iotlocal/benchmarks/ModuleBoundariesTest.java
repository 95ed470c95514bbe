package dev.iotlocal.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One rule over every module of the build, main and test code alike: a module uses another module's public API only,
 * never its {@code internal} packages. This module runs it because the reactor builds it last, so every other module's
 * classes are there to read. The benchmarks have the only exceptions, listed in {@link #BENCHMARK_EXCEPTIONS}.
 */
class ModuleBoundariesTest {

    /** The modules that have internals, by directory, and the packages those are in. */
    private static final Map<String, String> INTERNALS = Map.of(
            "emulator", "dev.iotlocal.emulator.internal..",
            "client", "dev.iotlocal.client.internal..",
            "testkit", "dev.iotlocal.testkit.internal..");

    /** The benchmark classes that measure a part with no public face, and the internal packages each may use. */
    private static final Map<String, List<String>> BENCHMARK_EXCEPTIONS = Map.of(
            // the SigV4 verifier itself
            "dev.iotlocal.benchmarks.micro.SigV4Benchmark", List.of("dev.iotlocal.emulator.internal.sigv4.."),
            // the test kit's reset between tests, exactly as its extension runs it
            "dev.iotlocal.benchmarks.ResetBenchmark", List.of("dev.iotlocal.testkit.internal.."),
            // one connection's policy decisions as the broker asks them, without a broker: the evaluator, over an account
            // (which needs a CA) and a journal for the denials it would record
            "dev.iotlocal.benchmarks.micro.PolicyDecisionBenchmark", List.of("dev.iotlocal.emulator.internal.policy..",
                    "dev.iotlocal.emulator.internal.registry..", "dev.iotlocal.emulator.internal.pki..", "dev.iotlocal.emulator.internal.events.."));

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noModuleReachesIntoAnotherModulesInternals() throws IOException {
        List<Path> modules = modules();
        assertThat(modules).extracting(module -> ROOT.relativize(module).toString())
                .contains("emulator", "client", "testkit", "benchmarks", "samples/programs", "samples/downstream-tests");
        for (Path module : modules) {
            String name = ROOT.relativize(module).toString();
            JavaClasses classes = compiledClassesOf(module);
            for (Map.Entry<String, String> internals : INTERNALS.entrySet()) {
                if (internals.getKey().equals(name)) {
                    continue;
                }
                String ownersInternals = internals.getValue().replace("..", ".");
                List<String> excepted = name.equals("benchmarks")
                        ? BENCHMARK_EXCEPTIONS.entrySet().stream()
                                .filter(exception -> exception.getValue().stream().anyMatch(allowed -> allowed.startsWith(ownersInternals)))
                                .map(Map.Entry::getKey).toList()
                        : List.of();
                noClasses().that(DescribedPredicate.describe("are not listed exceptions", type -> !excepted.contains(type.getName())))
                        .should().dependOnClassesThat().resideInAPackage(internals.getValue())
                        .as("no class of module " + name + " should use " + internals.getValue())
                        .check(classes);
            }
        }
    }

    @Test
    void theBenchmarksExceptionsUseNoOtherInternals() {
        JavaClasses classes = compiledClassesOf(ROOT.resolve("benchmarks"));
        BENCHMARK_EXCEPTIONS.forEach((benchmark, allowed) -> noClasses().that().haveFullyQualifiedName(benchmark)
                .should().dependOnClassesThat(DescribedPredicate.describe("are internals other than " + allowed,
                        target -> target.getPackageName().contains(".internal")
                                && !JavaClass.Predicates.resideInAnyPackage(allowed.toArray(String[]::new)).test(target)))
                .check(classes));
    }

    private static JavaClasses compiledClassesOf(Path module) {
        List<Path> compiled = Stream.of(module.resolve("target/classes"), module.resolve("target/test-classes"))
                .filter(Files::isDirectory).toList();
        assertThat(compiled).as("%s is compiled: this test reads every module's classes, so run the whole build (./mvnw verify)",
                ROOT.relativize(module)).isNotEmpty();
        return new ClassFileImporter().importPaths(compiled);
    }

    /** Every directory of the build with a pom.xml and Java sources, one or two levels down. */
    private static List<Path> modules() throws IOException {
        try (Stream<Path> poms = Files.find(ROOT, 3, (path, attributes) -> path.getFileName().toString().equals("pom.xml"))) {
            return poms.map(Path::getParent)
                    .filter(module -> !module.equals(ROOT) && !ROOT.relativize(module).toString().contains("target"))
                    .filter(module -> Files.isDirectory(module.resolve("src/main/java")) || Files.isDirectory(module.resolve("src/test/java")))
                    .sorted()
                    .toList();
        }
    }
}

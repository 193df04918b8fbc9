package dev.patchbay.itests;

import static org.junit.Assert.assertTrue;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Tree;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Semantic versioning of every exported package, checked as bnd's baselining does: each
 * bundle's exported API is compared with the API recorded at the last release
 * ({@code itests/src/test/baseline/<bundle>.json}), and a package whose API changed more than its
 * version says (a method added without a minor bump, a method removed without a major one)
 * fails the build. Record a new baseline when releasing:
 * {@code mvn -pl itests test -Dtest=PackageBaselineTest -Dpatchbay.baseline.record=true}.
 */
public class PackageBaselineTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path BASELINES = ROOT.resolve("itests/src/test/baseline");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What is kept of a release: its export header and its API tree. */
    public static final class Recorded {
        public String exports;
        public Tree.Data api;
    }

    @Test
    public void exportedPackagesAreVersionedAsTheirApiChanged() throws Exception {
        boolean record = Boolean.getBoolean("patchbay.baseline.record");
        DiffPluginImpl differ = new DiffPluginImpl();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : bundleJars()) {
            try (Jar jar = new Jar(file.toFile())) {
                String exports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
                if (exports == null || !exports.contains("dev.patchbay.")) {
                    continue; // nothing of ours (the pickle bundle exports the library it wraps)
                }
                String bundle = jar.getBsn();
                Tree api = differ.tree(jar);
                Path baseline = BASELINES.resolve(bundle + ".json");
                if (record) {
                    Recorded recorded = new Recorded();
                    recorded.exports = exports;
                    recorded.api = withoutResources(api.serialize());
                    Files.createDirectories(BASELINES);
                    JSON.writeValue(baseline.toFile(), recorded);
                    continue;
                }
                if (!Files.exists(baseline)) {
                    problems.add(bundle + " exports packages but has no baseline: record one (see this test's javadoc)");
                    continue;
                }
                Recorded older = JSON.readValue(baseline.toFile(), Recorded.class);
                try (Processor reporter = new Processor()) {
                    for (Baseline.Info info : new Baseline(reporter, differ).baseline(api, new Parameters(exports),
                            differ.deserialize(older.api), new Parameters(older.exports), new Instructions("dev.patchbay.*"))) {
                        checked++;
                        if (info.mismatch) {
                            problems.add(bundle + ": package " + info.packageName + " is " + info.newerVersion
                                    + " but its API changed since " + info.olderVersion + " so that it needs " + info.suggestedVersion
                                    + (info.reason == null ? "" : " (" + info.reason + ")"));
                        }
                    }
                }
            }
        }
        assertTrue("semantic version problems:\n  " + String.join("\n  ", problems), problems.isEmpty());
        assertTrue("no exported package was checked; build the bundles first", record || checked > 10);
    }

    /** The API and the manifest are what versions are about; the jar's other resources are left out. */
    private static Tree.Data withoutResources(Tree.Data jar) {
        jar.children = Stream.of(jar.children).filter(child -> !child.name.equals("<resources>")).toArray(Tree.Data[]::new);
        return jar;
    }

    private static List<Path> bundleJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(ROOT.resolve("bundles"))) {
            for (Path bundle : (Iterable<Path>) bundles.sorted()::iterator) {
                Path target = bundle.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(target)) {
                    files.filter(path -> path.getFileName().toString().endsWith(".jar"))
                            .filter(path -> !path.getFileName().toString().matches(".*-(tests|sources|javadoc)\\.jar"))
                            .forEach(jars::add);
                }
            }
        }
        return jars;
    }
}

package dev.patchbay.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The architecture rule, checked on the sources: bundles meet through the api (services and
 * value types) and a few libraries, never through another bundle's implementation classes. A
 * bundle that imports another's implementation breaks when that bundle is swapped at run time,
 * which is what the OSGi wiring is for.
 */
public class BundleBoundariesTest {

    /**
     * Bundles any bundle may import: the api; the JSON helpers; the connection plumbing shared by
     * the protocols; the JDBC plumbing shared by the SQL store bundles.
     */
    private static final Set<String> LIBRARIES = Set.of("api", "json", "protocol-support", "storage-jdbc");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?(dev\\.patchbay\\.[\\w.]+)\\s*;");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    public void bundlesImportOnlyTheApiAndTheLibrariesOfOtherBundles() throws IOException {
        Map<String, String> ownerOfPackage = new TreeMap<>();
        Map<String, List<Path>> sourcesOfBundle = new TreeMap<>();
        try (Stream<Path> bundles = Files.list(ROOT.resolve("bundles"))) {
            for (Path bundle : (Iterable<Path>) bundles.sorted()::iterator) {
                List<Path> sources = javaSources(bundle.resolve("src/main/java"));
                sourcesOfBundle.put(bundle.getFileName().toString(), sources);
                for (Path source : sources) {
                    Matcher declared = PACKAGE.matcher(Files.readString(source));
                    if (declared.find()) {
                        ownerOfPackage.put(declared.group(1), bundle.getFileName().toString());
                    }
                }
            }
        }
        assertTrue("no bundles found under " + ROOT, sourcesOfBundle.size() > 10);
        sourcesOfBundle.put("examples (a user's bundle: api only)", javaSources(ROOT.resolve("examples")));

        List<String> violations = new ArrayList<>();
        sourcesOfBundle.forEach((bundle, sources) -> {
            for (Path source : sources) {
                String text;
                try {
                    text = Files.readString(source);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                Matcher imported = IMPORT.matcher(text);
                while (imported.find()) {
                    String owner = owner(imported.group(1), ownerOfPackage);
                    boolean allowed = owner == null || owner.equals(bundle)
                            || (bundle.startsWith("examples") ? owner.equals("api") : LIBRARIES.contains(owner));
                    if (!allowed) {
                        violations.add(ROOT.relativize(source) + " imports " + imported.group(1) + " (bundle " + owner + ")");
                    }
                }
            }
        });
        assertTrue("imports of other bundles' implementation classes (use or add an api type):\n  "
                + String.join("\n  ", violations), violations.isEmpty());
    }

    /** The bundle whose package is the longest prefix of the imported name. */
    private static String owner(String importedName, Map<String, String> ownerOfPackage) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, String> entry : ownerOfPackage.entrySet()) {
            String pkg = entry.getKey();
            if (importedName.startsWith(pkg + ".") && pkg.length() > bestLength) {
                best = entry.getValue();
                bestLength = pkg.length();
            }
        }
        return best;
    }

    private static List<Path> javaSources(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/src/test/"))
                    .sorted().toList();
        }
    }
}

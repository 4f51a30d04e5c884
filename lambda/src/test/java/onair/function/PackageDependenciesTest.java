package onair.function;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function's packages depend on each other one way only. Read from the compiled production classes (not the
 * sources), so a fully qualified name or a wildcard import counts as much as a single-type import: every class a
 * class file refers to is named in its constant pool in internal form ({@code onair/function/state/IvsEvent}).
 */
class PackageDependenciesTest {

    /** A reference to one of our classes: the package part is the lower-case segments before the class name. */
    private static final Pattern CLASS = Pattern.compile("onair/function(?:/[a-z][a-z0-9_]*)*/[A-Z][A-Za-z0-9_]*");

    private static final Pattern REFERENCE = Pattern.compile("onair/function((?:/[a-z][a-z0-9_]*)*)/[A-Z$]");

    @Test
    void theStateMachineDoesNotDependOnTheEventsPackage() {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.containsKey("onair.function.state"), "no classes found for onair.function.state: " + graph.keySet());
        assertTrue(graph.getOrDefault("onair.function.events", Set.of()).contains("onair.function.state"),
                "events feeds the state machine, so it must depend on state: " + graph);
        assertFalse(graph.get("onair.function.state").contains("onair.function.events"),
                "onair.function.state must not refer to onair.function.events (its inputs live in state): "
                        + graph.get("onair.function.state"));
    }

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = packageGraph();
        assertEquals(List.of(), cycles(graph), "package cycles in " + graph);
    }

    /**
     * Freshness has one owner ({@code status.CurrentState}, {@code status.RecordingsCache}): the classes that turn
     * answers into HTTP never read a store, hold a cache, reconcile or judge staleness themselves.
     */
    @Test
    void theEndpointsOnlySpeakHttp() {
        Set<String> owners = Set.of("onair/function/status/LiveReconciler", "onair/function/status/StreamWatch",
                "onair/function/cache/TtlCache", "onair/function/aws/StateStore", "onair/function/aws/RecordingIndexStore");
        for (String endpoint : List.of("status/StreamController", "status/StatusEndpoint", "status/RecordingsController",
                "handler/StatusHandler")) {
            Set<String> refs = references(classesDirectory().resolve("onair/function/" + endpoint + ".class"));
            Set<String> owned = new TreeSet<>(refs);
            owned.retainAll(owners);
            assertEquals(Set.of(), owned, endpoint + " coordinates freshness itself instead of asking its owner");
        }
    }

    /** The classes of ours (internal names, nested ones as their outer class) a class file refers to. */
    static Set<String> references(Path classFile) {
        Set<String> refs = new TreeSet<>();
        try {
            Matcher m = CLASS.matcher(new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                refs.add(m.group());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return refs;
    }

    /** Each package of the production classes with the other packages of ours its classes refer to. */
    static Map<String, Set<String>> packageGraph() {
        Path classes = classesDirectory();
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String from = classes.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
                Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                // Latin-1 maps each byte to one char, so the ASCII names in the constant pool read as they are.
                Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    String to = "onair.function" + m.group(1).replace('/', '.');
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static Path classesDirectory() {
        try {
            Path root = Path.of(LambdaBootstrap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(Files.isDirectory(root), "production classes are not a directory: " + root);
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every cycle found by a depth-first walk, each as the path that closes it (a -> b -> a). */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            walk(start, graph, new ArrayDeque<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, Deque<String> path, Set<String> done,
                             List<String> found) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(node);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            found.add(String.join(" -> ", cycle));
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            walk(next, graph, path, done, found);
        }
        path.pop();
    }
}

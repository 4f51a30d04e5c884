package onair.local.cloud.lambda.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onair.local.cloud.lambda.FunctionVersion;
import onair.local.cloud.lambda.InvokeResult;

/**
 * The execution environments, like the provided.al2023 runtime's: one {@link FunctionInstance} per environment,
 * cold-started on demand, kept warm, replaced after a crash or timeout, stopped when idle ({@link IdleReaper}); their
 * pids in {@link PidFiles}. Assigns an invocation (which already holds its concurrency lease) to an idle environment
 * of its version or a new one.
 */
public final class Instances implements AutoCloseable {
    private final CodeStore code;
    private final Path functionsDir;
    private final Map<String, String> baseEnv;
    private final int maxEnvironments;
    private final int maxParallelColdStarts;
    private final PidFiles pidFiles;
    private final IdleReaper reaper;
    private final Map<String, List<FunctionInstance>> instances = new HashMap<>();

    /**
     * {@code maxEnvironments}: processes kept on this machine (the account's concurrency limit);
     * {@code maxParallelColdStarts}: environments initialising at once (a local resource limit, not Lambda's).
     */
    public Instances(CodeStore code, Path functionsDir, Map<String, String> baseEnv, Duration idleStop,
                     int maxEnvironments, int maxParallelColdStarts) {
        this.code = code;
        this.functionsDir = functionsDir;
        this.baseEnv = Map.copyOf(baseEnv);
        this.maxEnvironments = maxEnvironments;
        this.maxParallelColdStarts = maxParallelColdStarts;
        this.pidFiles = new PidFiles(functionsDir);
        this.reaper = new IdleReaper(idleStop, this::stopIdleSince);
    }

    /** Runs one invocation in an environment of this version; the caller holds its concurrency lease. */
    public InvokeResult invoke(FunctionVersion fn, byte[] payload) throws IOException {
        Path taskRoot = code.unpacked(fn);
        FunctionInstance instance;
        synchronized (instances) {
            // under the limit, the invocation holds its concurrency; on this machine it may wait for a cold
            // start slot (or an environment of its function that turns idle first): see maxParallelColdStarts
            while ((instance = takeOrStart(fn, taskRoot)) == null) {
                try {
                    instances.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for a cold start slot", e);
                }
            }
        }
        try {
            return instance.invoke(payload);
        } finally {
            synchronized (instances) {
                instances.notifyAll(); // an environment is free for whoever waits for one
            }
        }
    }

    /**
     * An idle environment of this version, else a new one (the caller holds a concurrency lease, so the account has
     * room for it), else null when {@link #maxParallelColdStarts} environments are initialising already. Lambda
     * starts environments in parallel on separate hardware; here they share a few cores, and ten JVMs starting at
     * once each took minutes on a loaded 2-core machine (past the init limit, so none ever finished). Holds the
     * instances lock.
     */
    private FunctionInstance takeOrStart(FunctionVersion fn, Path taskRoot) throws IOException {
        List<FunctionInstance> list = instances.computeIfAbsent(fn.name(), k -> new ArrayList<>());
        list.removeIf(i -> !i.alive() && !i.busy());
        for (FunctionInstance i : list) {
            if (!i.busy() && i.alive() && sameVersion(i.function, fn)) {
                i.reserve();
                return i;
            }
        }
        // the alias moved (or code changed): idle environments of other versions are no longer needed
        for (FunctionInstance i : List.copyOf(list)) {
            if (!i.busy() && !sameVersion(i.function, fn)) {
                list.remove(i);
                i.stop();
            }
        }
        if (initialising() >= maxParallelColdStarts) {
            return null;
        }
        stopLeastRecentlyUsedIdleWhenFull();
        Files.createDirectories(functionsDir);
        FunctionInstance started = new FunctionInstance(fn, taskRoot, functionsDir.resolve(fn.name() + ".log"), baseEnv);
        started.reserve();
        list.add(started);
        System.out.println("lambda: cold start " + fn.name() + ":" + fn.version() + " pid " + started.pid()
                + " (" + list.size() + " environments of this function)");
        pidFiles.write(fn.name(), list);
        return started;
    }

    /**
     * Lambda keeps idle environments of any number of functions; on one machine every one is a process (a JVM for
     * OnAir), so at most the account limit of them are kept: starting one more first stops the idle environment
     * that was used least recently. In-flight ones are never stopped (the leases bound them to the limit).
     */
    private void stopLeastRecentlyUsedIdleWhenFull() throws IOException {
        int alive = 0;
        FunctionInstance oldest = null;
        String oldestName = null;
        for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
            for (FunctionInstance i : e.getValue()) {
                if (!i.alive()) {
                    continue;
                }
                alive++;
                if (!i.busy() && (oldest == null || i.lastUsed().isBefore(oldest.lastUsed()))) {
                    oldest = i;
                    oldestName = e.getKey();
                }
            }
        }
        if (alive >= maxEnvironments && oldest != null) {
            System.out.println("lambda: stopping " + oldest.function.name() + ":" + oldest.function.version()
                    + " pid " + oldest.pid() + " (idle; " + alive + " environments on this machine)");
            instances.get(oldestName).remove(oldest);
            oldest.stop();
            pidFiles.write(oldestName, instances.get(oldestName));
        }
    }

    private int initialising() {
        int n = 0;
        for (List<FunctionInstance> list : instances.values()) {
            for (FunctionInstance i : list) {
                if (i.initialising()) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean sameVersion(FunctionVersion a, FunctionVersion b) {
        return a.version().equals(b.version()) && a.codeSha256().equals(b.codeSha256());
    }

    /** Stops environments not used since {@code cutoff} and those whose process exited. */
    private void stopIdleSince(Instant cutoff) {
        synchronized (instances) {
            for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
                boolean changed = e.getValue().removeIf(i -> {
                    boolean idle = !i.busy() && (i.lastUsed().isBefore(cutoff) || !i.alive());
                    if (idle) {
                        System.out.println("lambda: stopping " + i.function.name() + ":" + i.function.version()
                                + " pid " + i.pid() + (i.alive() ? " (idle)" : " (exited)"));
                        i.stop();
                    }
                    return idle;
                });
                if (changed) {
                    try {
                        pidFiles.write(e.getKey(), e.getValue());
                    } catch (IOException ignored) {
                        // the pid file is informational
                    }
                }
            }
        }
    }

    /** Stops every environment and removes the pid files: nothing may outlive the emulator. */
    @Override
    public void close() {
        reaper.close();
        synchronized (instances) {
            for (Map.Entry<String, List<FunctionInstance>> e : instances.entrySet()) {
                e.getValue().forEach(FunctionInstance::stop);
                try {
                    pidFiles.delete(e.getKey());
                } catch (IOException ignored) {
                    // best effort on shutdown
                }
            }
            instances.clear();
        }
    }
}

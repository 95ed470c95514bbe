package dev.iotlocal.benchmarks;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * AWS IoT's control plane as a fleet provisioning script drives it with the AWS SDK's {@code IotClient}: per device
 * CreateThing, CreateKeysAndCertificate and AttachThingPrincipal; and ListThings walked to the end over 10,000
 * things. The baseline is DescribeEndpoint, the cheapest signed call: what the HTTP round trip and SigV4 cost alone.
 */
final class ControlPlaneBenchmark {

    private static final int LISTING_ROUNDS = 5;

    private ControlPlaneBenchmark() {}

    static void run(int devices, int things) throws Exception {
        Table table = new Table("AWS IoT control plane: provisioning a fleet of " + String.format("%,d", devices)
                + " devices, listing " + String.format("%,d", things) + " things");
        Path dataDirectory = Files.createTempDirectory("iot-local-bench-account-");
        try {
            Fleet inMemory = provision(EmulatorConfig.defaults(), devices, 1);
            Fleet parallel = provision(EmulatorConfig.defaults(), devices, 4);
            Fleet saved = provision(EmulatorConfig.builder().dataDirectory(dataDirectory).build(), devices, 1);
            Fleet ecKeys = provision(EmulatorConfig.builder().createdKeyAlgorithm(KeyAlgorithm.EC_P256).build(), devices, 1);
            double perDevice = inMemory.calls / 3.0;
            table.compare("Control-plane calls per second, one script thread", "DescribeEndpoint", inMemory.floorPerSecond,
                            inMemory.callsPerSecond(), "calls/s", Table.Target.REPORTED)
                    .single("Fleet of " + devices + " provisioned, one script thread", inMemory.seconds * 1000, "ms", Table.Target.REPORTED)
                    .single("... per device (3 calls)", inMemory.seconds * 1000 / perDevice, "ms", Table.Target.REPORTED)
                    .single("Fleet of " + devices + " provisioned, four script threads", parallel.seconds * 1000, "ms", Table.Target.REPORTED)
                    .single("Fleet of " + devices + " provisioned with a data directory, one thread", saved.seconds * 1000, "ms",
                            Table.Target.REPORTED)
                    .single("Fleet of " + devices + " provisioned with EC P-256 keys (createdKeyAlgorithm), one thread", ecKeys.seconds * 1000,
                            "ms", Table.Target.atMost(10_000, "a fleet of 1,000 in seconds (≤ 10 s)"))
                    .single("... per device (3 calls)", ecKeys.seconds * 1000 / perDevice, "ms", Table.Target.REPORTED)
                    .single("Heap the fleet takes in the emulator (after GC)", inMemory.heapMiB, "MiB", Table.Target.REPORTED);
            listing(table, things);
        } finally {
            Benchmarks.delete(dataDirectory);
        }
        table.print("In-process emulator, the AWS SDK for Java v2 IotClient (the SDK's Apache 5 HTTP client) over loopback HTTP, "
                + "SigV4 verified on every call. CreateKeysAndCertificate makes an RSA 2048 key pair, as AWS does, unless told "
                + "to make EC P-256 ones; the RSA key is most of a device's cost. Heap: used heap after System.gc() with the fleet in the account minus before.");
    }

    private record Fleet(double seconds, long calls, double floorPerSecond, double heapMiB) {
        double callsPerSecond() {
            return calls / seconds;
        }
    }

    private static Fleet provision(EmulatorConfig config, int devices, int threads) throws Exception {
        try (IotEmulator emulator = IotEmulator.start(config); IotClient iot = client(emulator)) {
            double floor = describeEndpointPerSecond(iot);
            long heapBefore = usedHeapAfterGc();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long started = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int i = first; i < devices; i += threads) {
                            String thing = "fleet-device-" + i;
                            iot.createThing(b -> b.thingName(thing).attributePayload(a -> a.attributes(java.util.Map.of("batch", "bench"))));
                            CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(b -> b.setAsActive(true));
                            iot.attachThingPrincipal(b -> b.thingName(thing).principal(keys.certificateArn()));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double heap = (usedHeapAfterGc() - heapBefore) / (1024.0 * 1024.0);
            return new Fleet(seconds, 3L * devices, floor, heap);
        }
    }

    private static void listing(Table table, int things) throws Exception {
        try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.defaults()); IotClient iot = client(emulator)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int i = first; i < things; i += 4) {
                            String name = String.format("listed-%05d", i);
                            String floor = String.valueOf(i % 10);
                            iot.createThing(b -> b.thingName(name).attributePayload(a -> a.attributes(java.util.Map.of("floor", floor))));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
            double[] walks = new double[LISTING_ROUNDS];
            double[] filtered = new double[LISTING_ROUNDS];
            long seen = 0;
            for (int round = 0; round < LISTING_ROUNDS; round++) {
                long started = System.nanoTime();
                seen = iot.listThingsPaginator(b -> b.maxResults(250)).things().stream().count();
                walks[round] = (System.nanoTime() - started) / 1e6;
                started = System.nanoTime();
                iot.listThingsPaginator(b -> b.maxResults(250).attributeName("floor").attributeValue("3")).things().stream().count();
                filtered[round] = (System.nanoTime() - started) / 1e6;
            }
            if (seen != things) {
                throw new IllegalStateException("ListThings walked " + seen + " things, not " + things);
            }
            table.single("ListThings over " + String.format("%,d", things) + " things, all pages of 250, median", Benchmarks.median(walks), "ms",
                            Table.Target.REPORTED)
                    .single("... with an attribute filter (a tenth match), median", Benchmarks.median(filtered), "ms", Table.Target.REPORTED);
        }
    }

    private static double describeEndpointPerSecond(IotClient iot) {
        // warmed until the JIT is done with the SDK's and the endpoint's paths (200 calls measured a third of the speed)
        for (int i = 0; i < 2_000; i++) {
            iot.describeEndpoint(b -> b.endpointType("iot:Data-ATS"));
        }
        int calls = 2_000;
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            iot.describeEndpoint(b -> b.endpointType("iot:Data-ATS"));
        }
        return calls / ((System.nanoTime() - started) / 1e9);
    }

    /** The AWS SDK's IotClient signed with the emulator's account credentials, as a provisioning script makes it. */
    static IotClient client(IotEmulator emulator) {
        return IotClient.builder()
                .endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.accountCredentials().accessKeyId(), emulator.accountCredentials().secretAccessKey())))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

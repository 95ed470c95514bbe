package dev.iotlocal.emulator.internal.aws;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.client.HttpClient;
import com.github.tomakehurst.wiremock.http.client.HttpClientFactory;
import java.io.IOException;
import java.util.List;

/** WireMock's outgoing HTTP client, for proxying, which the AWS API endpoint never does. */
final class NoHttpClient implements HttpClientFactory {

    @Override
    public HttpClient buildHttpClient(Options options, boolean trustAllCertificates, List<String> trustedHosts, boolean useSystemProperties) {
        return request -> {
            throw new IOException("IoT Local's AWS API endpoint does not proxy requests");
        };
    }
}

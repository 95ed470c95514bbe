package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import dev.iotlocal.emulator.identity.Principal;
import java.net.InetAddress;
import java.util.Optional;

/** The plain-TCP debugging door: it proves nothing, so the principal says so. Only exists when enabled. */
public final class DebugPrincipals implements PrincipalResolver {

    private final String accountId;
    private final String region;

    public DebugPrincipals(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    @Override
    public Resolution resolve(SimpleAuthInput input) {
        String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
        return Resolution.of(new Principal(Principal.Kind.UNAUTHENTICATED_DEBUG, "plain-tcp:" + address, accountId, region,
                Optional.empty(), Optional.empty(), address));
    }
}

package dev.iotlocal.emulator.internal.gateway;

import java.util.Objects;
import java.util.Optional;

/** A door's answer for a connection that reached one of the broker's listeners. Immutable. */
public sealed interface Admission {

    /**
     * Let in, with what the door established.
     *
     * @param clientCredentials the user name and password the client sent, when the door had to replace them to carry
     *                          its ticket (the WSS door); the broker gives them back to the CONNECT
     */
    record Admitted(ConnectionContext context, Optional<ClientCredentials> clientCredentials) implements Admission {
        public Admitted {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(clientCredentials, "clientCredentials");
        }
    }

    /**
     * Not let in: MQTT 5 gets CONNACK 0x87, MQTT 3.1.1 a closed connection, as AWS IoT answers.
     *
     * @param principalIdentifier what the door could tell of who it was (a certificate id), or the empty string
     * @param reason              why, readable by a person
     */
    record Refused(String principalIdentifier, String reason) implements Admission {
        public Refused {
            Objects.requireNonNull(principalIdentifier, "principalIdentifier");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A CONNECT's user name and password, either of which may be absent. */
    record ClientCredentials(Optional<String> username, Optional<byte[]> password) {}
}

package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import dev.iotlocal.emulator.rules.AwsIotRule;

/**
 * What a rule decided against a packet: which rule, why, and the MQTT 5 DISCONNECT reason code AWS IoT
 * sends (MQTT 3.1.1 clients just see the connection close).
 */
record Refusal(AwsIotRule rule, String detail, DisconnectReasonCode disconnectReasonCode) {}

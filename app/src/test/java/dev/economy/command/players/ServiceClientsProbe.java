package dev.economy.command.players;

import java.util.Optional;

/**
 * For the app's tests: the role a setting lets a client's secret in with (ServiceClients is the
 * server's).
 */
public final class ServiceClientsProbe {

  private ServiceClientsProbe() {}

  public static Optional<String> roleOf(String setting, String clientId, String secret) {
    return new ServiceClients(setting)
        .authenticate(clientId, secret)
        .map(ServiceClients.ServiceClient::role);
  }
}

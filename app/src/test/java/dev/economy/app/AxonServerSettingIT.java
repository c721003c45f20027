package dev.economy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.economy.testsupport.TestDatabase;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The one documented setting (AXON_SERVER_ENABLED, axon.axonserver.enabled) switches the event
 * store and the command bus to Axon Server. No Axon Server can run here, so the application is
 * started against an address where nothing answers: the test records what was wired while the
 * context was built, and the start-up then fails for want of the server (which is what an operator
 * sees when the setting is on and Axon Server is not reachable).
 */
class AxonServerSettingIT {

  @Test
  void enablingAxonServerRoutesEventsAndCommandsThroughIt() throws Exception {
    TestDatabase.prepare();
    int nobody;
    try (ServerSocket free = new ServerSocket(0)) {
      nobody = free.getLocalPort();
    }
    List<Object> wired = new CopyOnWriteArrayList<>();
    SpringApplicationBuilder application =
        new SpringApplicationBuilder(EconomyApplication.class)
            .web(WebApplicationType.NONE)
            .initializers(
                context ->
                    context
                        .getBeanFactory()
                        .addBeanPostProcessor(
                            new BeanPostProcessor() {
                              @Override
                              public Object postProcessAfterInitialization(
                                  Object bean, String name) {
                                if (bean instanceof EventStore
                                    || bean instanceof CommandBus
                                    || bean instanceof AxonServerConnectionManager) {
                                  wired.add(bean);
                                }
                                return bean;
                              }
                            }));

    assertThatThrownBy(
        () ->
            application.run(
                "--axon.axonserver.enabled=true", "--axon.axonserver.servers=127.0.0.1:" + nobody));

    assertThat(wired).anyMatch(AxonServerConnectionManager.class::isInstance);
    assertThat(wired)
        .filteredOn(EventStore.class::isInstance)
        .isNotEmpty()
        .allMatch(AxonServerEventStore.class::isInstance);
    assertThat(wired).anyMatch(AxonServerCommandBus.class::isInstance);
  }
}

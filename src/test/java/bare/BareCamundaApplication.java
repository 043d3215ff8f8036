package bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A bare Camunda 7.24 Spring Boot application — the same starters (engine, REST, webapps), libraries and
 * {@code application.yaml}, none of Xieshang's beans (outside {@code cn.xieshang}, so its scan finds nothing of
 * ours; only what the classpath registers by itself stays: two start-up guards and the REST error mapping) and no
 * models: the yardstick of {@code cn.xieshang.faults.ClusterBenchmark} for start-up and idle memory.
 */
@SpringBootApplication
public class BareCamundaApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareCamundaApplication.class, args);
    }
}

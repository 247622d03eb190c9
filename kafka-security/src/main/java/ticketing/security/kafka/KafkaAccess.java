package ticketing.security.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;

/**
 * Creates the ACLs of {@code setup/kafka/access.conf}: what each Kafka user may do. Creating an ACL that exists
 * changes nothing, so every start applies the whole file.
 */
public final class KafkaAccess {

	private static final Map<String, ResourceType> RESOURCE_TYPES = Map.of("topic", ResourceType.TOPIC, "group",
			ResourceType.GROUP, "transactional-id", ResourceType.TRANSACTIONAL_ID);

	private KafkaAccess() {
	}

	public static List<AclBinding> read(Path accessConf) throws IOException {
		return Files.readAllLines(accessConf)
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.flatMap((line) -> parse(line).stream())
			.toList();
	}

	static List<AclBinding> parse(String line) {
		String[] fields = line.split("\\s+");
		if (fields.length != 5) {
			throw new IllegalArgumentException("Bad line in access.conf (need: user resource-type pattern name operations): "
					+ line);
		}
		ResourceType type = RESOURCE_TYPES.get(fields[1]);
		if (type == null) {
			throw new IllegalArgumentException("Unknown resource type '" + fields[1] + "' in access.conf (use one of "
					+ RESOURCE_TYPES.keySet() + "): " + line);
		}
		PatternType pattern = switch (fields[2]) {
			case "literal" -> PatternType.LITERAL;
			case "prefixed" -> PatternType.PREFIXED;
			default -> throw new IllegalArgumentException("Unknown pattern '" + fields[2]
					+ "' in access.conf (use literal or prefixed): " + line);
		};
		ResourcePattern resource = new ResourcePattern(type, fields[3], pattern);
		return Arrays.stream(fields[4].split(","))
			.map((operation) -> new AclBinding(resource, new AccessControlEntry("User:" + fields[0], "*",
					operation(operation, line), AclPermissionType.ALLOW)))
			.toList();
	}

	/** An operation by the name kafka-acls.sh takes (Write, DescribeConfigs, ...), read the way it reads it. */
	private static AclOperation operation(String name, String line) {
		AclOperation operation;
		try {
			operation = SecurityUtils.operation(name);
		}
		catch (IllegalArgumentException ex) {
			operation = AclOperation.UNKNOWN;
		}
		if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY) {
			throw new IllegalArgumentException("Unknown operation '" + name + "' in access.conf: " + line);
		}
		return operation;
	}

	/** Creates every ACL of the file, signed in as a super user ({@code adminClient}); returns how many. */
	public static int apply(Path accessConf, Properties adminClient) throws Exception {
		List<AclBinding> acls = read(accessConf);
		try (Admin admin = Admin.create(adminClient)) {
			admin.createAcls(acls).all().get();
		}
		return acls.size();
	}

}

package ticketing.security.kafka;

import java.util.List;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaAccessTests {

	@Test
	void shouldReadOneAclPerOperationOfALine() {
		List<AclBinding> acls = KafkaAccess
			.parse("analytics-service  topic  prefixed  analytics-streams-  Write,DescribeConfigs");

		assertThat(acls).extracting((acl) -> acl.entry().operation())
			.containsExactly(AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS);
		assertThat(acls).allSatisfy((acl) -> {
			assertThat(acl.entry().principal()).isEqualTo("User:analytics-service");
			assertThat(acl.entry().host()).isEqualTo("*");
			assertThat(acl.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
			assertThat(acl.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
			assertThat(acl.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
			assertThat(acl.pattern().name()).isEqualTo("analytics-streams-");
		});
	}

	@Test
	void shouldReadTransactionalIdsAndGroups() {
		assertThat(KafkaAccess.parse("order-service transactional-id literal order-relay Write").get(0).pattern()
			.resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
		assertThat(KafkaAccess.parse("notification-service group literal notification-service Read").get(0).pattern()
			.resourceType()).isEqualTo(ResourceType.GROUP);
	}

	@Test
	void shouldSayWhatIsWrongWithALine() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaAccess.parse("order-service topic literal x"))
			.withMessageContaining("need: user resource-type pattern name operations");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaAccess.parse("order-service cluster literal x Write"))
			.withMessageContaining("Unknown resource type 'cluster'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaAccess.parse("order-service topic glob x Write"))
			.withMessageContaining("Unknown pattern 'glob'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaAccess.parse("order-service topic literal x Scribble"))
			.withMessageContaining("Unknown operation 'Scribble'");
	}

}

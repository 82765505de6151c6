"""The resources in infra/ have the properties the issue and the spec ask for, read from the parsed Bicep.

These also stand in for the Checkov checks skipped globally in infra/.checkov.yaml (SQL auditing and
Defender on the server, the storage account naming rule), with the precise expectation.
"""

from __future__ import annotations

import re

from tests.unit.infra.bicep import MAIN, allowed_values, module, parsed, resources_of, the_resource

SEVEN_YEARS_IN_DAYS = 7 * 365 + 2
NINETY_DAYS_IN_SECONDS = 90 * 24 * 3600


def test_function_app_is_linux_flex_consumption_python_311_with_a_system_identity() -> None:
    template = module("functionapp")
    plan = the_resource(template, "Microsoft.Web/serverfarms")
    site = the_resource(template, "Microsoft.Web/sites")
    assert plan["sku"] == {"name": "FC1", "tier": "FlexConsumption"} and plan["properties"]["reserved"] is True
    assert site["kind"] == "functionapp,linux" and site["identity"] == {"type": "SystemAssigned"}
    assert site["properties"]["functionAppConfig"]["runtime"] == {"name": "python", "version": "3.11"}
    assert site["properties"]["httpsOnly"] is True and site["properties"]["siteConfig"]["minTlsVersion"] == "1.2"
    deployment = site["properties"]["functionAppConfig"]["deployment"]["storage"]
    assert deployment["authentication"] == {"type": "SystemAssignedIdentity"}


def test_storage_account_takes_identity_only_over_tls12_with_no_public_blobs() -> None:
    account = the_resource(module("storage"), "Microsoft.Storage/storageAccounts")["properties"]
    assert account["minimumTlsVersion"] == "TLS1_2" and account["supportsHttpsTrafficOnly"] is True
    assert account["allowBlobPublicAccess"] is False
    assert account["allowSharedKeyAccess"] is False


def test_blobs_keep_deleted_data_14_days_and_every_version() -> None:
    template = module("storage")
    blob = the_resource(template, "Microsoft.Storage/storageAccounts/blobServices")["properties"]
    assert blob["isVersioningEnabled"] is True
    assert blob["deleteRetentionPolicy"] == {"enabled": True, "days": 14}
    assert blob["containerDeleteRetentionPolicy"] == {"enabled": True, "days": 14}
    names = template["variables"]["containerNames"]["value"]
    assert {"telegram-sessions", "events-archive", "backups"} <= set(names)
    assert {"telegram-messages", "trade-commands"} <= set(template["variables"]["queueNames"]["value"])


def _lifecycle_rule(prefix: str) -> dict:
    policy = the_resource(module("storage"), "Microsoft.Storage/storageAccounts/managementPolicies")
    rules = [rule for rule in policy["properties"]["policy"]["rules"]
             if rule["definition"]["filters"]["prefixMatch"] == [prefix]]
    assert len(rules) == 1 and rules[0]["enabled"] is True, prefix
    return rules[0]["definition"]["actions"]


def test_lifecycle_archives_events_and_deletes_them_after_seven_years() -> None:
    actions = _lifecycle_rule("events-archive/")
    assert actions["baseBlob"]["tierToArchive"]["daysAfterModificationGreaterThan"] <= 7
    assert actions["baseBlob"]["delete"]["daysAfterModificationGreaterThan"] == SEVEN_YEARS_IN_DAYS
    # With versioning on, a deleted blob lives on as a version unless versions expire too.
    assert "delete" in actions["version"]


def test_lifecycle_deletes_backups_after_35_days_at_most() -> None:
    actions = _lifecycle_rule("backups/")
    assert actions["baseBlob"]["delete"]["daysAfterModificationGreaterThan"] <= 35
    assert actions["version"]["delete"]["daysAfterCreationGreaterThan"] <= 35


def test_sql_server_accepts_entra_id_only_over_tls12_and_audits_and_alerts() -> None:
    template = module("sql")
    server = the_resource(template, "Microsoft.Sql/servers")["properties"]
    assert server["minimalTlsVersion"] == "1.2"
    assert server["administrators"]["azureADOnlyAuthentication"] is True
    assert server["administrators"]["administratorType"] == "ActiveDirectory"
    assert "administratorLogin" not in server and "administratorLoginPassword" not in server
    auditing = the_resource(template, "Microsoft.Sql/servers/auditingSettings")
    assert auditing["parent"] == "server" and auditing["properties"]["state"] == "Enabled"
    defender = the_resource(template, "Microsoft.Sql/servers/securityAlertPolicies")
    assert defender["parent"] == "server" and defender["properties"]["state"] == "Enabled"
    assert "disabledAlerts" not in defender["properties"] and defender["properties"]["emailAccountAdmins"] is True


def test_sql_database_has_tde_and_a_utf8_collation() -> None:
    template = module("sql")
    tde = the_resource(template, "Microsoft.Sql/servers/databases/transparentDataEncryption")
    assert tde["parent"] == "database" and tde["properties"]["state"] == "Enabled"
    database = the_resource(template, "Microsoft.Sql/servers/databases")["properties"]
    assert database["collation"].endswith("_UTF8")


def test_redis_is_tls_only_and_never_evicts_idempotency_keys() -> None:
    cache = the_resource(module("redis"), "Microsoft.Cache/redis")["properties"]
    assert cache["enableNonSslPort"] is False and cache["minimumTlsVersion"] == "1.2"
    # pycep keeps the quotes of quoted keys.
    assert cache["redisConfiguration"]["'maxmemory-policy'"] == "noeviction"


def test_cosmos_container_is_partitioned_by_tenant_with_a_90_day_ttl_and_no_keys() -> None:
    template = module("cosmos")
    account = the_resource(template, "Microsoft.DocumentDB/databaseAccounts")["properties"]
    assert account["disableLocalAuth"] is True and account["minimalTlsVersion"] == "Tls12"
    container = the_resource(template, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
    resource = container["properties"]["resource"]
    assert resource["partitionKey"] == {"paths": ["/tenantId"], "kind": "Hash"}
    assert template["variables"][resource["defaultTtl"]]["value"] == NINETY_DAYS_IN_SECONDS


def test_key_vault_uses_rbac_soft_delete_and_purge_protection() -> None:
    vault = the_resource(module("keyvault"), "Microsoft.KeyVault/vaults")["properties"]
    assert vault["enableRbacAuthorization"] is True
    assert vault["enableSoftDelete"] is True and vault["softDeleteRetentionInDays"] >= 7
    assert vault["enablePurgeProtection"] is True
    assert "accessPolicies" not in vault


def test_application_insights_reports_to_log_analytics_and_takes_entra_tokens_only() -> None:
    template = module("monitoring")
    assert resources_of(template, "Microsoft.OperationalInsights/workspaces")
    insights = the_resource(template, "Microsoft.Insights/components")["properties"]
    accessor = insights["WorkspaceResourceId"]["operator"]
    assert accessor["type"] == "property_accessor"
    assert accessor["operands"] == {"operand_1": "workspace", "operand_2": "id"}
    assert insights["DisableLocalAuth"] is True


def test_length_limited_names_fit_for_every_environment() -> None:
    """Storage account: 3-24 lowercase letters/digits; Key Vault: 3-24 letters, digits, hyphens.

    main.bicep's suffix is six characters of uniqueString(); the longest environment name sets the bound.
    """
    suffix = parsed(MAIN)["variables"]["suffix"]["value"]["function"]
    assert suffix["type"] == "take" and suffix["parameters"]["number_to_take"] == 6
    storage_name = the_resource(module("storage"), "Microsoft.Storage/storageAccounts")["name"]
    vault_name = parsed(MAIN)["modules"]["keyVault"]["config"]["params"]["vaultName"]
    for environment in allowed_values(parsed(MAIN)["parameters"]["environmentName"]):
        account = storage_name.replace("${environmentName}", environment).replace("${nameSuffix}", "a1b2c3")
        assert re.fullmatch(r"[a-z0-9]{3,24}", account), account
        vault = vault_name.replace("${prefix}", f"pipster-{environment}").replace("${suffix}", "a1b2c3")
        assert re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]", vault), vault

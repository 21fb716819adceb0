"""Product documentation used as seed content and served as HTML pages by the control app.

Realistic enough that chunking yields several chunks per document and full-text retrieval finds answers to
ordinary questions ("How much does the Pro plan cost?", "How do I rotate an API key?").
"""

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """One help-centre article: a URL slug, a title and paragraphs of plain text."""

    slug: str
    title: str
    paragraphs: tuple

    @property
    def text(self) -> str:
        return f"{self.title}\n\n" + "\n\n".join(self.paragraphs)


DOCUMENTS = (
    Document("pricing", "Acme Cloud pricing and plans", (
        "Acme Cloud is sold in four plans: Starter, Pro, Business and Enterprise. Every plan includes a 14-day free "
        "trial with all features unlocked, and no credit card is required to start the trial.",
        "The Starter plan costs €19 per month and includes one seat, 5 GB of storage and community support. It is "
        "meant for individuals and small side projects.",
        "The Pro plan costs €49 per month billed annually, or €59 month-to-month. It includes 5 seats, 50 GB of "
        "storage, priority support with a 4-hour response time on business days, and single sign-on (SSO).",
        "The Business plan costs €129 per month and adds the audit log, a 99.9 % uptime SLA, 500 GB of storage and "
        "up to 25 seats. Additional seats cost €9 per seat and month on Pro and Business.",
        "Enterprise pricing is quoted on request and includes a dedicated instance, custom data retention, a "
        "named technical account manager and on-premises deployment options.",
        "All prices exclude VAT. Customers in the EU are invoiced by Acme Europe GmbH in Munich; VAT is added "
        "according to the customer's country unless a valid VAT ID is provided.",
        "Plans can be upgraded at any time; the difference is prorated to the day. Downgrades take effect at the "
        "end of the current billing period. Annual plans can be cancelled with 30 days notice before renewal.",
    )),
    Document("api-keys", "Managing API keys", (
        "API keys authenticate scripts and integrations against the Acme Cloud API. Each key belongs to one user "
        "and inherits that user's permissions; keys are shown exactly once when they are created.",
        "To create a key, open Settings → API keys and click New key. Give the key a descriptive name such as "
        "'ci-pipeline' so you can recognise it later in the audit log.",
        "To rotate an API key, create a new key first, deploy it to every system that used the old key, verify "
        "that requests succeed, and only then revoke the old key. Revocation is immediate and cannot be undone.",
        "Keys never expire on their own. We recommend rotating keys at least every 90 days and immediately when "
        "an employee with access leaves the company.",
        "Send the key in the Authorization header as a Bearer token: Authorization: Bearer <key>. Keys sent in a "
        "query string are rejected because query strings end up in proxy and server logs.",
        "If a key leaks, revoke it at once, review the audit log for requests made with it, and contact support "
        "if you see activity you do not recognise.",
    )),
    Document("sso", "Single sign-on with SAML and OIDC", (
        "Single sign-on (SSO) is available on the Pro, Business and Enterprise plans. Acme Cloud supports SAML 2.0 "
        "and OpenID Connect (OIDC) identity providers such as Okta, Azure AD (Entra ID), Google Workspace and "
        "Keycloak.",
        "To configure SAML, download the service provider metadata from Settings → Security → SSO and upload it "
        "to your identity provider. Then paste the identity provider's metadata URL back into Acme Cloud.",
        "Just-in-time provisioning creates users on their first login with the default role Member. Group "
        "mappings can assign the Admin role automatically based on an identity-provider group.",
        "When SSO is enforced, password logins are disabled for everyone except the account owner, who keeps a "
        "break-glass password in case the identity provider is unavailable.",
        "SCIM 2.0 provisioning is available on Business and Enterprise and deactivates users within minutes when "
        "they are removed from the identity provider.",
    )),
    Document("backups", "Backups and data retention", (
        "Acme Cloud takes encrypted snapshots of every workspace every 6 hours and keeps them for 30 days. Business "
        "and Enterprise customers can extend retention to 365 days.",
        "Snapshots are stored in a second region within the EU (Frankfurt and Amsterdam). Data never leaves the EU "
        "unless a customer explicitly enables a non-EU region.",
        "To restore a deleted project, open the project list, switch the filter to Deleted and click Restore. "
        "Deleted projects can be restored for 30 days; after that they are purged permanently.",
        "A point-in-time restore of a whole workspace is performed by support and usually completes within 2 hours. "
        "Open a ticket with the workspace name and the desired timestamp in UTC.",
        "Exports are available at any time as ZIP archives containing JSON and CSV files. Large exports are "
        "prepared in the background and a download link is sent by e-mail.",
    )),
    Document("troubleshooting-uploads", "Troubleshooting file uploads", (
        "Uploads fail most often because the file is larger than the plan's limit: 100 MB per file on Starter and "
        "2 GB per file on Pro and above. The error message names the limit that applied.",
        "A 413 Request Entity Too Large error comes from a proxy in front of the API, not from Acme Cloud itself. "
        "Increase client_max_body_size in nginx or the equivalent setting of your proxy.",
        "Uploads that stop at 99 % are usually blocked by a virus scanner or a corporate proxy that buffers the "
        "whole request. Try again from another network to confirm.",
        "Files with names containing characters such as ü, é or emoji are supported; names are stored as UTF-8 and "
        "normalised to NFC so that the same name typed on macOS and Windows matches.",
        "If an upload succeeds but the file does not appear, the indexer may still be processing it. Large PDFs "
        "can take a few minutes; the status changes from Processing to Ready when done.",
    )),
    Document("webhooks", "Webhooks and event delivery", (
        "Webhooks notify your systems about events such as file.created, project.deleted and member.invited. Each "
        "webhook has a URL, a list of events and a signing secret.",
        "Every delivery is an HTTP POST with a JSON body. The X-Acme-Signature header carries the lower-case hex "
        "HMAC-SHA256 of the raw request body, keyed with the webhook secret. Always verify it over the raw bytes.",
        "Deliveries time out after 10 seconds. Failed deliveries are retried up to 5 times with exponential back-off "
        "starting at 30 seconds; after that the delivery is marked failed and shown in the webhook log.",
        "Use the Send test event button to deliver a ping event and check that your endpoint answers with a 2xx "
        "status. Redirects are not followed.",
    )),
    Document("globex-shipping-api", "Globex Shipping API overview", (
        "The Globex Shipping API creates shipments, buys labels and tracks parcels across 40 carriers. All "
        "endpoints live under https://api.globex.example/v2 and accept and return JSON.",
        "Rate limits are 600 requests per minute per API key. Responses carry X-RateLimit-Remaining and "
        "X-RateLimit-Reset headers; a 429 response includes Retry-After in seconds.",
        "To create a shipment, POST the sender, recipient and parcel dimensions to /shipments. The response lists "
        "available rates; buy one by POSTing its rate id to /shipments/{id}/label.",
        "Tracking events are delivered by webhook as tracking.updated. Each event contains the carrier status, "
        "a normalised status (in_transit, out_for_delivery, delivered, exception) and the location.",
        "Customs declarations are required for shipments leaving the EU. Provide HS codes, item values in EUR and "
        "the reason for export; commercial invoices are generated automatically as PDF.",
    )),
    Document("globex-returns", "Globex returns portal", (
        "The returns portal lets customers start a return without contacting support. Merchants configure return "
        "windows (default 30 days), eligible products and whether return labels are free or paid.",
        "Returned parcels are tracked like outbound shipments. When a return is delivered to the warehouse, the "
        "return.received webhook fires and the refund can be triggered automatically.",
        "Refunds go back to the original payment method within 5–10 business days. Store credit is issued "
        "instantly and can be used on the next order.",
    )),
    Document("initech-payroll", "Initech Payroll: running a pay cycle", (
        "Initech Payroll runs monthly, semi-monthly or bi-weekly pay cycles. Each cycle goes through Draft, "
        "Review, Approved and Paid; only users with the Payroll Admin role can approve.",
        "Before approving, check the variance report: it highlights employees whose net pay changed by more "
        "than 10 % compared with the previous cycle, which usually points to missing timesheets.",
        "Payments are sent by SEPA credit transfer on the pay date at 06:00 CET. Cycles must be approved at least "
        "two business days before the pay date, otherwise the payment date moves.",
        "Payslips are generated as PDF and published to the employee portal once the cycle is Paid. Employees "
        "receive an e-mail notification and can download payslips for the last 10 years.",
        "Corrections after payment are made in an off-cycle run. Off-cycle runs can be approved on the same day "
        "and are paid by instant transfer where the bank supports it.",
    )),
    Document("initech-timesheets", "Initech timesheets and overtime", (
        "Employees submit timesheets weekly. Managers approve them in the Approvals inbox; unapproved timesheets "
        "are not paid in the next cycle.",
        "Overtime is calculated per collective agreement. The default rule pays 125 % for the first two hours "
        "beyond the daily limit and 150 % after that, and 200 % on Sundays and public holidays.",
        "Timesheets can be imported from CSV with the columns employee_id, date, start, end and break_minutes. "
        "Dates use the ISO format YYYY-MM-DD and times the 24-hour clock.",
    )),
)

BY_SLUG = {document.slug: document for document in DOCUMENTS}


def as_html(document: Document) -> str:
    """A small help-centre page, with navigation and a script the worker's HTML stripping must drop."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in document.paragraphs)
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(document.title)}"
            f"</title><style>body{{font-family:sans-serif}}</style></head>\n<body><nav>Help centre › Guides</nav>\n"
            f"<article><h1>{html.escape(document.title)}</h1>\n{body}\n</article>\n"
            f"<script>window.analytics = [];</script></body></html>\n")

package sandbox

// Vocabulary for the data generator. Every domain is under example.com,
// example.net, example.org or .test, so no seeded address can reach a real
// mailbox.

var firstNames = []string{
	"Aaliyah", "Adam", "Adrian", "Aiko", "Alejandro", "Alice", "Amara", "Amelia", "Ana", "Andrea",
	"Anika", "Arjun", "Astrid", "Ava", "Beatriz", "Benjamin", "Bianca", "Bruno", "Camila", "Carlos",
	"Caroline", "Chen", "Chloe", "Chris", "Daniel", "Daniela", "David", "Diego", "Dmitri", "Elena",
	"Eli", "Elif", "Ella", "Emil", "Emily", "Emma", "Erik", "Esther", "Ethan", "Fatima",
	"Felix", "Fiona", "Francesca", "Gabriel", "Grace", "Hana", "Hannah", "Hugo", "Ibrahim", "Ines",
	"Isaac", "Isabel", "Ivan", "Jack", "Jakub", "James", "Jana", "Javier", "Jin", "João",
	"Jonas", "Julia", "Kai", "Karim", "Kate", "Kenji", "Laila", "Lars", "Laura", "Leila",
	"Leo", "Liam", "Lina", "Lucas", "Lucía", "Maja", "Malik", "Marco", "Maria", "Mateo",
	"Maya", "Mei", "Mia", "Michael", "Mohammed", "Nadia", "Naomi", "Nathan", "Nia", "Nikolai",
	"Noah", "Nora", "Olivia", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Rafael", "Rahul",
	"Renée", "Rosa", "Ruby", "Sakura", "Samuel", "Sara", "Sebastian", "Sofia", "Sophie", "Stefan",
	"Tariq", "Thomas", "Tomás", "Valentina", "Victor", "Wei", "William", "Yara", "Yusuf", "Zoe",
}

var lastNames = []string{
	"Abbott", "Adeyemi", "Alvarez", "Andersen", "Bailey", "Banerjee", "Becker", "Bennett", "Bianchi", "Brooks",
	"Castillo", "Chen", "Clarke", "Costa", "Cruz", "Dubois", "Duarte", "Edwards", "Eriksson", "Evans",
	"Fischer", "Fitzgerald", "Flores", "Fontaine", "García", "Gomez", "Gupta", "Hansen", "Harris", "Hayes",
	"Hernández", "Hoffmann", "Hughes", "Ivanova", "Jansen", "Jensen", "Johnson", "Kaur", "Kelly", "Kim",
	"Kowalski", "Kumar", "Larsen", "Laurent", "Lee", "Lindqvist", "Lopez", "Martin", "Martínez", "Meyer",
	"Mitchell", "Moreau", "Morgan", "Müller", "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak", "O'Brien",
	"Okafor", "Olsen", "Ortiz", "Park", "Patel", "Pereira", "Petrov", "Quinn", "Ramirez", "Reyes",
	"Ricci", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Silva", "Singh", "Smith", "Sousa",
	"Suzuki", "Tanaka", "Taylor", "Thompson", "Torres", "Van Dijk", "Vargas", "Walker", "Wang", "Weber",
	"Williams", "Wilson", "Wójcik", "Yamamoto", "Yilmaz", "Young", "Zhang", "Zhou", "Zimmermann", "da Silva",
}

var orgWords = []string{
	"Northwind", "Blue Harbor", "Silver Pine", "Redwood", "Brightline", "Summit", "Cobalt", "Evergreen",
	"Lakeside", "Ironbridge", "Maple & Oak", "Granite", "Sunrise", "Kestrel", "Orchid", "Pioneer",
	"Riverstone", "Atlas", "Beacon", "Copperfield", "Driftwood", "Falcon", "Harborview", "Juniper",
}

var orgKinds = []string{
	"Logistics", "Health", "Analytics", "Foods", "Labs", "Outfitters", "Travel", "Energy", "Media",
	"Robotics", "Credit Union", "Insurance", "Studios", "Retail", "Software", "Manufacturing",
	"Consulting", "Pharma", "Motors", "Telecom",
}

var orgNoteLines = []string{
	"Renewal due in Q3; loop in the account manager before discounts.",
	"Prefers phone follow-ups for urgent issues.",
	"Uses SSO; password resets go through their IT desk.",
	"Pilot customer for the new dashboard.",
}

var freeMailDomains = []string{"example.com", "example.org", "example.net", "mail.example.com", "post.example.org"}

const staffDomain = "helpdesk.example.com"

type timeZone struct{ name, iana string }

var timeZones = []timeZone{
	{"Eastern Time (US & Canada)", "America/New_York"},
	{"Central Time (US & Canada)", "America/Chicago"},
	{"Pacific Time (US & Canada)", "America/Los_Angeles"},
	{"London", "Europe/London"},
	{"Berlin", "Europe/Berlin"},
	{"Paris", "Europe/Paris"},
	{"Amsterdam", "Europe/Amsterdam"},
	{"Madrid", "Europe/Madrid"},
	{"Brasilia", "America/Sao_Paulo"},
	{"Tokyo", "Asia/Tokyo"},
	{"Singapore", "Asia/Singapore"},
	{"Sydney", "Australia/Sydney"},
}

type locale struct {
	tag string
	id  int64
}

var locales = []locale{
	{"en-US", 1}, {"en-GB", 1176}, {"de", 8}, {"fr", 16}, {"es", 2}, {"pt-BR", 19}, {"nl", 9}, {"ja", 67},
}

// plans are the values of the "plan" user field; index 0 is "no value".
var plans = []string{"", "free", "pro", "business", "enterprise"}

var userTagNames = []string{"vip", "newsletter", "beta", "churn_risk", "partner"}

var userNotes = []string{
	"Prefers email over phone.",
	"Asked to be contacted in the afternoon (local time).",
	"Has escalated twice this year; handle with care.",
	"Beta tester for the mobile app.",
}

var tiers = []string{"starter", "business", "enterprise"}
var regions = []string{"amer", "emea", "apac"}

type groupSeed struct{ name, description string }

var groupSeeds = []groupSeed{
	{"Support", "First line for every new request"},
	{"Billing", "Invoices, refunds, payment methods and plan changes"},
	{"Technical Support", "Bugs, errors and anything that needs logs"},
	{"Shipping & Delivery", "Tracking, delays and address changes"},
	{"Returns", "Return labels, exchanges and damaged items"},
	{"Escalations", "Tickets that need a lead or engineering"},
	{"VIP Care", "Named accounts and enterprise customers"},
	{"Onboarding", "New accounts in their first 30 days"},
	{"API & Integrations", "Developers, webhooks and connectors"},
	{"Account Security", "Logins, 2FA, SSO and suspicious activity"},
	{"Partners", "Resellers and agencies"},
	{"Localization", "Requests in languages other than English"},
}

// A topic is a family of requests. Each request pairs a subject with the
// first comment that goes with it; both may hold one %d, filled from the
// ticket's param (an order, invoice or error number).
type topic struct {
	tag      string
	area     int // Product area option index
	weight   int
	order    bool // the param is an order number, so "Order number" is set
	requests []request
}

type request struct{ subject, body string }

var topics = []topic{
	{tag: "billing", area: 0, weight: 18, requests: []request{
		{"Charged twice for invoice INV-%d", "I was charged twice for invoice INV-%d this month. Could you refund the duplicate payment?"},
		{"Question about my latest invoice", "The latest invoice is higher than usual and I cannot tell which seats were added. Can you break it down for me?"},
		{"Card declined on renewal", "Our card was declined when the plan renewed, but the bank says nothing was blocked. Can you retry the charge?"},
		{"Please update our billing address", "We moved offices. Please put the new address on future invoices; the old one is still on the last invoice."},
		{"VAT number missing from invoice INV-%d", "We need our VAT number on invoice INV-%d for our accountants. Can you reissue it?"},
		{"Can we switch to annual billing?", "We would like to move from monthly to annual billing. Is there a discount, and what happens to this month's charge?"},
	}},
	{tag: "login", area: 5, weight: 14, requests: []request{
		{"Can't log in after password reset", "Since resetting my password this morning I get \"invalid credentials\" every time I sign in."},
		{"Two-factor code never arrives", "The two-factor code does not arrive by SMS any more. I checked the number on my profile and it is correct."},
		{"Account locked after too many attempts", "My account was locked after a few failed sign-ins and the unlock email never came. Please unlock it."},
		{"SSO login fails with error %d", "Signing in through our identity provider ends on an error page with code %d. Nothing changed on our side."},
		{"Password reset email never arrived", "I requested a password reset three times and no email arrived, not even in the spam folder."},
	}},
	{tag: "shipping", area: 4, weight: 16, order: true, requests: []request{
		{"Where is my order #%d?", "Order #%d was supposed to arrive last week and the tracking page has not changed for days."},
		{"Package marked delivered but not received", "The carrier says order #%d was delivered, but nothing reached our office and the neighbours have nothing either."},
		{"Shipping delay on order #%d", "Order #%d is now five days late. Can you tell me when it will ship?"},
		{"Change delivery address for order #%d", "We moved offices. Can you send order #%d to the new address before it ships?"},
		{"Wrong item in order #%d", "The box for order #%d contained a different model from the one we ordered."},
	}},
	{tag: "refund", area: 0, weight: 10, order: true, requests: []request{
		{"Refund not received for order #%d", "I returned order #%d three weeks ago and still have not seen the refund on my card."},
		{"Return label request for order #%d", "I would like to return order #%d. Could you send me a prepaid return label?"},
		{"Damaged item, requesting a refund", "The item in order #%d arrived broken. Photos are attached; I would like a refund or a replacement."},
	}},
	{tag: "bug", area: 2, weight: 14, requests: []request{
		{"Export to CSV fails with error %d", "Exporting the monthly report to CSV stops halfway with error %d. It worked fine last month."},
		{"Dashboard shows a blank page", "After the latest update the dashboard stays blank in Chrome and Firefox. Clearing the cache did not help."},
		{"App crashes when uploading photos", "The app closes as soon as I pick a photo to upload. I am on the newest version."},
		{"Notifications arrive twice", "Every notification email now arrives twice, a few seconds apart, for everyone on our team."},
		{"Search returns no results for existing items", "Searching for items I can see in the list returns nothing since yesterday."},
		{"Report totals are off by %d", "The revenue report total is %d lower than the sum of its rows. Which number is right?"},
	}},
	{tag: "account", area: 2, weight: 10, requests: []request{
		{"Please delete my account", "Please delete my account and all data associated with it, and confirm when it is done."},
		{"How do I add a team member?", "I cannot find where to invite a colleague to our workspace. Where is that option?"},
		{"Change the account owner", "Our team lead left the company. How do we transfer ownership of the account to me?"},
		{"Upgrade to the Business plan", "We would like to upgrade to the Business plan and add 12 seats. What happens to our current invoice?"},
		{"Merge two accounts", "I accidentally created two accounts with different emails. Can you merge them?"},
	}},
	{tag: "integration", area: 3, weight: 10, requests: []request{
		{"API returns 429 too often", "Our nightly sync gets HTTP 429 responses after about %d requests, well below the documented limit."},
		{"Webhook not firing for order updates", "The order-updated webhook stopped firing yesterday. The endpoint is up and returns 200 to our own tests."},
		{"CRM integration stopped syncing", "Contacts have not synced to our CRM since Friday; the integration page shows no errors."},
		{"Question about API key rotation", "How do we rotate an API key without downtime for our integration?"},
		{"Rate limit for bulk import of %d records", "We need to import %d records once. Which endpoint and pace do you recommend?"},
	}},
	{tag: "mobile", area: 1, weight: 8, requests: []request{
		{"Mobile app won't sync", "The mobile app has not synced since Monday; the web app shows newer data."},
		{"Push notifications stopped working", "Push notifications stopped after the last update, although they are enabled in the phone settings."},
		{"App shows the wrong currency", "The app shows prices in US dollars although my account is set to euros."},
	}},
}

// Custom ticket fields. Product area options line up with topic.area.
var productAreas = []struct{ name, value string }{
	{"Billing & Payments", "area_billing"},
	{"Mobile app", "area_mobile"},
	{"Web dashboard", "area_dashboard"},
	{"API & Integrations", "area_api"},
	{"Shipping & Delivery", "area_shipping"},
	{"Account & Security", "area_security"},
}

var features = []struct{ name, value string }{
	{"Export", "feature_export"},
	{"Reports", "feature_reports"},
	{"Notifications", "feature_notifications"},
	{"Single sign-on", "feature_sso"},
	{"Search", "feature_search"},
}

const escalationTag = "escalated_engineering"

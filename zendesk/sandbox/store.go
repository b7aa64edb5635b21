package sandbox

import "strings"

// The records below hold only what the JSON needs and in the smallest form
// that keeps it: int32 indexes into the store's slices instead of pointers,
// small enums instead of strings, interned tag lists. At 500,000 tickets that
// is the difference between tens and hundreds of megabytes.

type role uint8

const (
	roleEndUser role = iota
	roleAgent
	roleAdmin
)

var roleNames = [...]string{"end-user", "agent", "admin"}

func parseRole(s string) (role, bool) {
	for i, n := range roleNames {
		if strings.EqualFold(s, n) {
			return role(i), true
		}
	}
	return 0, false
}

type user struct {
	id          int64
	name        string
	email       string // primary email identity
	externalID  string
	phone       string
	notes       string
	details     string
	signature   string
	createdAt   int64
	updatedAt   int64
	lastLoginAt int64 // 0: never
	role        role
	suspended   bool
	verified    bool
	zone        uint8 // timeZones
	locale      uint8 // locales
	plan        uint8 // plans; 0 means no value
	tags        uint32
	defGroup    int32   // group index or -1
	orgMembers  []int32 // organization memberships, default first
	groupMems   []int32 // group memberships, default first
	identities  []int32 // primary email first
}

type organization struct {
	id             int64
	name           string
	externalID     string
	domain         string
	details        string
	notes          string
	createdAt      int64
	updatedAt      int64
	tier           uint8
	region         uint8
	sharedTickets  bool
	sharedComments bool
	tags           uint32
	members        []int32 // organization memberships in id order
}

type group struct {
	id          int64
	name        string
	description string
	createdAt   int64
	updatedAt   int64
	isPublic    bool
	isDefault   bool
	members     []int32 // group memberships in id order
}

type groupMembership struct {
	id        int64
	user      int32
	group     int32
	isDefault bool
	createdAt int64
}

type orgMembership struct {
	id        int64
	user      int32
	org       int32
	isDefault bool
	createdAt int64
}

type identityKind uint8

const (
	identityEmail identityKind = iota
	identityPhone
)

type identity struct {
	id        int64
	user      int32
	kind      identityKind
	primary   bool
	verified  bool
	value     string
	createdAt int64
}

type ticketStatus uint8

// Zendesk orders statuses this way for status<x and status>x searches.
const (
	statusNew ticketStatus = iota
	statusOpen
	statusPending
	statusHold
	statusSolved
	statusClosed
)

var statusNames = [...]string{"new", "open", "pending", "hold", "solved", "closed"}

// Priorities and types keep 0 for null.
var priorityNames = [...]string{"", "low", "normal", "high", "urgent"}
var typeNames = [...]string{"", "question", "incident", "problem", "task"}

type channel uint8

const (
	viaEmail channel = iota
	viaWeb
	viaAPI
)

var channelNames = [...]string{"email", "web", "api"}

type ticket struct {
	subject   string
	createdAt int64
	updatedAt int64
	dueAt     int64 // 0: none
	requester int32
	submitter int32
	assignee  int32 // -1: none
	group     int32 // -1: none
	org       int32 // -1: none
	cc        int32 // one collaborator or -1
	param     uint32
	tags      uint32
	units     int32 // integer custom field; -1: null
	status    ticketStatus
	priority  uint8
	ttype     uint8
	via       channel
	topic     uint8
	request   uint8 // index into the topic's requests
	area      uint8 // tagger option + 1; 0: null
	features  uint8 // multiselect option bitmask
	escalated bool  // checkbox
	hasOrder  bool  // text field "Order number" carries a value
	deleted   bool  // soft-deleted (deleted.go); fits in the struct's padding
}

// Ticket ids are 1..n, so the id is the index plus one and needs no map.
func ticketID(i int32) int64 { return int64(i) + 1 }

type fieldOption struct {
	id        int64
	name      string
	value     string
	isDefault bool
}

type ticketField struct {
	id          int64
	typ         string
	title       string
	description string
	agentDesc   string
	tag         string // checkbox tag
	position    int
	required    bool
	removable   bool
	visible     bool // in portal
	editable    bool // in portal
	subType     bool // status and priority carry sub_type_id
	options     []fieldOption
	system      []fieldOption // system_field_options (no ids)
	createdAt   int64
	updatedAt   int64
}

// store is everything the sandbox knows. Server guards it with an RWMutex;
// nothing in here locks.
type store struct {
	subdomain string

	users       []user
	orgs        []organization
	groups      []group
	groupMems   []groupMembership
	orgMems     []orgMembership
	identities  []identity
	tickets     []ticket
	fields      []ticketField
	tagSets     [][]string
	tagBySig    map[uint64]uint32
	customState [5]int64 // custom_status_id for new..solved (closed shares solved's)
	brandID     int64
	formID      int64

	userByID     map[int64]int32
	orgByID      map[int64]int32
	groupByID    map[int64]int32
	groupMemByID map[int64]int32
	orgMemByID   map[int64]int32
	fieldByID    map[int64]int32
	userByEmail  map[string]int32 // lower-case, every email identity
	userByExtID  map[string]int32 // lower-case
	orgByExtID   map[string]int32 // lower-case
	orgByName    map[string]int32 // lower-case

	// Ticket indexes per user and per organisation, in ticket id order.
	requested [][]int32
	assigned  [][]int32
	ccd       [][]int32
	orgTix    [][]int32

	heavy []int32 // users seeded with the most requested tickets, most first

	mut mutations // what writes changed or added (mutations.go)
}

// ticketByID finds a ticket that is not deleted.
func (st *store) ticketByID(id int64) (int32, bool) {
	if id < 1 || id > int64(len(st.tickets)) || st.tickets[id-1].deleted {
		return 0, false
	}
	return int32(id - 1), true
}

// internTags returns the index of a tag list identified by sig, building it
// with build on first sight. Seeded records share a few thousand tag lists.
func (st *store) internTags(sig uint64, build func() []string) uint32 {
	if i, ok := st.tagBySig[sig]; ok {
		return i
	}
	i := uint32(len(st.tagSets))
	st.tagSets = append(st.tagSets, build())
	st.tagBySig[sig] = i
	return i
}

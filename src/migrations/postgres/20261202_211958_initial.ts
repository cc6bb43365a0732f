import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_users_roles" AS ENUM('admin', 'editor', 'author', 'moderator');
  CREATE TYPE "public"."enum_users_moderation_alerts" AS ENUM('off', 'immediately', 'hourly', 'daily');
  CREATE TYPE "public"."enum_articles_adapted_from_usage" AS ENUM('licensed', 'with-permission', 'fair-use-excerpt', 'public-domain');
  CREATE TYPE "public"."enum_articles_incident_sectors" AS ENUM('chemical', 'commercial-facilities', 'communications', 'critical-manufacturing', 'dams', 'defense-industrial-base', 'emergency-services', 'energy', 'financial-services', 'food-and-agriculture', 'government-facilities', 'healthcare-and-public-health', 'information-technology', 'nuclear', 'transportation-systems', 'water-and-wastewater', 'manufacturing', 'education', 'media', 'ngo', 'trade-association', 'legal', 'retail', 'individuals');
  CREATE TYPE "public"."enum_articles_incident_attack_types" AS ENUM('espionage', 'ransomware', 'phishing', 'ddos', 'data-breach', 'supply-chain', 'vulnerability-exploitation', 'other');
  CREATE TYPE "public"."enum_articles_review_log_move" AS ENUM('submit', 'withdraw', 'request-changes', 'approve', 'publish', 'unpublish', 'edited-after-approval');
  CREATE TYPE "public"."enum_articles_review_log_from" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum_articles_review_log_to" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum_articles_corrections_kind" AS ENUM('correction', 'clarification', 'update');
  CREATE TYPE "public"."enum_articles_incident_attribution_confidence" AS ENUM('confirmed', 'suspected', 'alleged', 'disputed', 'unknown');
  CREATE TYPE "public"."enum_articles_incident_status" AS ENUM('ongoing', 'contained', 'resolved', 'unknown');
  CREATE TYPE "public"."enum_articles_review_state" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum_articles_comments" AS ENUM('open', 'closed');
  CREATE TYPE "public"."enum_articles_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__articles_v_version_adapted_from_usage" AS ENUM('licensed', 'with-permission', 'fair-use-excerpt', 'public-domain');
  CREATE TYPE "public"."enum__articles_v_version_incident_sectors" AS ENUM('chemical', 'commercial-facilities', 'communications', 'critical-manufacturing', 'dams', 'defense-industrial-base', 'emergency-services', 'energy', 'financial-services', 'food-and-agriculture', 'government-facilities', 'healthcare-and-public-health', 'information-technology', 'nuclear', 'transportation-systems', 'water-and-wastewater', 'manufacturing', 'education', 'media', 'ngo', 'trade-association', 'legal', 'retail', 'individuals');
  CREATE TYPE "public"."enum__articles_v_version_incident_attack_types" AS ENUM('espionage', 'ransomware', 'phishing', 'ddos', 'data-breach', 'supply-chain', 'vulnerability-exploitation', 'other');
  CREATE TYPE "public"."enum__articles_v_version_review_log_move" AS ENUM('submit', 'withdraw', 'request-changes', 'approve', 'publish', 'unpublish', 'edited-after-approval');
  CREATE TYPE "public"."enum__articles_v_version_review_log_from" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum__articles_v_version_review_log_to" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum__articles_v_version_corrections_kind" AS ENUM('correction', 'clarification', 'update');
  CREATE TYPE "public"."enum__articles_v_version_incident_attribution_confidence" AS ENUM('confirmed', 'suspected', 'alleged', 'disputed', 'unknown');
  CREATE TYPE "public"."enum__articles_v_version_incident_status" AS ENUM('ongoing', 'contained', 'resolved', 'unknown');
  CREATE TYPE "public"."enum__articles_v_version_review_state" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published');
  CREATE TYPE "public"."enum__articles_v_version_comments" AS ENUM('open', 'closed');
  CREATE TYPE "public"."enum__articles_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_sources_kind" AS ENUM('wire-agency', 'newspaper', 'broadcaster', 'government-advisory', 'vendor-report', 'researcher', 'social-media', 'other');
  CREATE TYPE "public"."enum_sources_reliability" AS ENUM('A', 'B', 'C', 'D', 'E', 'F');
  CREATE TYPE "public"."enum_sources_default_usage" AS ENUM('licensed', 'with-permission', 'fair-use-excerpt', 'public-domain');
  CREATE TYPE "public"."enum_topics_kind" AS ENUM('section', 'tag');
  CREATE TYPE "public"."enum_comments_reports_reason" AS ENUM('abuse', 'spam', 'off-topic', 'illegal', 'personal-data', 'misinformation');
  CREATE TYPE "public"."enum_comments_author_kind" AS ENUM('guest', 'reader', 'staff');
  CREATE TYPE "public"."enum_comments_signed_in_with" AS ENUM('wordpress', 'google', 'twitter', 'facebook', 'oidc');
  CREATE TYPE "public"."enum_comments_status" AS ENUM('pending', 'approved', 'spam', 'trash', 'rejected');
  CREATE TYPE "public"."enum_comments_rejection_reason" AS ENUM('spam', 'abuse', 'off-topic', 'illegal', 'personal-data', 'other');
  CREATE TYPE "public"."enum_readers_identities_provider" AS ENUM('wordpress', 'google', 'twitter', 'facebook', 'oidc');
  CREATE TYPE "public"."enum_readers_status" AS ENUM('active', 'premoderated', 'suspended', 'banned');
  CREATE TYPE "public"."enum_guest_commenters_status" AS ENUM('active', 'premoderated', 'suspended', 'banned');
  CREATE TYPE "public"."enum_mail_log_purpose" AS ENUM('confirm-subscription', 'reply', 'new-post', 'digest', 'moderation-alert', 'comment-outcome', 'data-request', 'review');
  CREATE TYPE "public"."enum_mail_log_status" AS ENUM('queued', 'sent', 'refused', 'failed', 'suppressed');
  CREATE TYPE "public"."enum_mail_suppressions_reason" AS ENUM('bounced', 'complained');
  CREATE TYPE "public"."enum_subscriptions_kind" AS ENUM('replies', 'comments', 'posts');
  CREATE TYPE "public"."enum_subscriptions_status" AS ENUM('unconfirmed', 'active', 'unsubscribed');
  CREATE TYPE "public"."enum_subscriptions_frequency" AS ENUM('each', 'daily');
  CREATE TYPE "public"."enum_redirects_origin" AS ENUM('editor', 'import');
  CREATE TYPE "public"."enum_import_origins_kind" AS ENUM('person', 'term', 'attachment', 'post', 'comment');
  CREATE TYPE "public"."enum_import_runs_status" AS ENUM('running', 'finished', 'failed');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'comment-reactions', 'send-mail', 'moderation-digest', 'new-post-mail', 'new-posts-digest', 'schedulePublish');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'comment-reactions', 'send-mail', 'moderation-digest', 'new-post-mail', 'new-posts-digest', 'schedulePublish');
  CREATE TYPE "public"."enum_comment_policy_mode" AS ENUM('pre-moderate', 'hold-until-approved', 'post-moderate');
  CREATE TYPE "public"."enum_comment_policy_order" AS ENUM('oldest', 'newest');
  CREATE TABLE "users_roles" (
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"value" "enum_users_roles",
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
  );
  
  CREATE TABLE "users_sessions" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"created_at" timestamp(3) with time zone,
  	"expires_at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "users" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"name" varchar NOT NULL,
  	"moderation_alerts" "enum_users_moderation_alerts",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"email" varchar NOT NULL,
  	"reset_password_token" varchar,
  	"reset_password_expiration" timestamp(3) with time zone,
  	"salt" varchar,
  	"hash" varchar,
  	"reset_password_requested_at" timestamp(3) with time zone,
  	"login_attempts" numeric DEFAULT 0,
  	"lock_until" timestamp(3) with time zone
  );
  
  CREATE TABLE "articles_adapted_from" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"source_id" uuid,
  	"original_url" varchar,
  	"original_headline" varchar,
  	"retrieved_at" timestamp(3) with time zone,
  	"usage" "enum_articles_adapted_from_usage"
  );
  
  CREATE TABLE "articles_incident_sectors" (
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"value" "enum_articles_incident_sectors",
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
  );
  
  CREATE TABLE "articles_incident_attack_types" (
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"value" "enum_articles_incident_attack_types",
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
  );
  
  CREATE TABLE "articles_review_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"move" "enum_articles_review_log_move",
  	"from" "enum_articles_review_log_from",
  	"to" "enum_articles_review_log_to",
  	"by_id" uuid,
  	"by_name" varchar,
  	"at" timestamp(3) with time zone,
  	"note" varchar
  );
  
  CREATE TABLE "articles_corrections" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"date" timestamp(3) with time zone,
  	"kind" "enum_articles_corrections_kind" DEFAULT 'correction',
  	"text" varchar
  );
  
  CREATE TABLE "articles" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"title" varchar,
  	"dek" varchar,
  	"hero_image_id" uuid,
  	"body" jsonb,
  	"attribution_override" varchar,
  	"incident_attributed_to" varchar,
  	"incident_attribution_confidence" "enum_articles_incident_attribution_confidence" DEFAULT 'unknown',
  	"incident_incident_window_start" timestamp(3) with time zone,
  	"incident_incident_window_end" timestamp(3) with time zone,
  	"incident_incident_window_approximate_label" varchar,
  	"incident_status" "enum_articles_incident_status" DEFAULT 'unknown',
  	"review_state" "enum_articles_review_state" DEFAULT 'draft',
  	"slug" varchar,
  	"slug_note" varchar,
  	"section_id" uuid,
  	"published_at" timestamp(3) with time zone,
  	"first_published_at" timestamp(3) with time zone,
  	"comments" "enum_articles_comments" DEFAULT 'open',
  	"comment_count" numeric DEFAULT 0,
  	"thread_count" numeric DEFAULT 0,
  	"announced_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_articles_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "articles_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "articles_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"threat_actors_id" uuid,
  	"users_id" uuid,
  	"topics_id" uuid
  );
  
  CREATE TABLE "_articles_v_version_adapted_from" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"source_id" uuid,
  	"original_url" varchar,
  	"original_headline" varchar,
  	"retrieved_at" timestamp(3) with time zone,
  	"usage" "enum__articles_v_version_adapted_from_usage",
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v_version_incident_sectors" (
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"value" "enum__articles_v_version_incident_sectors",
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
  );
  
  CREATE TABLE "_articles_v_version_incident_attack_types" (
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"value" "enum__articles_v_version_incident_attack_types",
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
  );
  
  CREATE TABLE "_articles_v_version_review_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"move" "enum__articles_v_version_review_log_move",
  	"from" "enum__articles_v_version_review_log_from",
  	"to" "enum__articles_v_version_review_log_to",
  	"by_id" uuid,
  	"by_name" varchar,
  	"at" timestamp(3) with time zone,
  	"note" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v_version_corrections" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"date" timestamp(3) with time zone,
  	"kind" "enum__articles_v_version_corrections_kind" DEFAULT 'correction',
  	"text" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"parent_id" uuid,
  	"version_title" varchar,
  	"version_dek" varchar,
  	"version_hero_image_id" uuid,
  	"version_body" jsonb,
  	"version_attribution_override" varchar,
  	"version_incident_attributed_to" varchar,
  	"version_incident_attribution_confidence" "enum__articles_v_version_incident_attribution_confidence" DEFAULT 'unknown',
  	"version_incident_incident_window_start" timestamp(3) with time zone,
  	"version_incident_incident_window_end" timestamp(3) with time zone,
  	"version_incident_incident_window_approximate_label" varchar,
  	"version_incident_status" "enum__articles_v_version_incident_status" DEFAULT 'unknown',
  	"version_review_state" "enum__articles_v_version_review_state" DEFAULT 'draft',
  	"version_slug" varchar,
  	"version_slug_note" varchar,
  	"version_section_id" uuid,
  	"version_published_at" timestamp(3) with time zone,
  	"version_first_published_at" timestamp(3) with time zone,
  	"version_comments" "enum__articles_v_version_comments" DEFAULT 'open',
  	"version_comment_count" numeric DEFAULT 0,
  	"version_thread_count" numeric DEFAULT 0,
  	"version_announced_at" timestamp(3) with time zone,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__articles_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean,
  	"autosave" boolean
  );
  
  CREATE TABLE "_articles_v_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_articles_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"threat_actors_id" uuid,
  	"users_id" uuid,
  	"topics_id" uuid
  );
  
  CREATE TABLE "sources" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"name" varchar NOT NULL,
  	"kind" "enum_sources_kind" DEFAULT 'other' NOT NULL,
  	"homepage" varchar,
  	"reliability" "enum_sources_reliability",
  	"attribution_template" varchar DEFAULT 'Adapted from {name}' NOT NULL,
  	"default_usage" "enum_sources_default_usage",
  	"notes" varchar,
  	"logo_id" uuid,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "threat_actors" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"name" varchar NOT NULL,
  	"slug" varchar,
  	"suspected_sponsor" varchar,
  	"description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "threat_actors_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "topics" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"name" varchar NOT NULL,
  	"slug" varchar,
  	"kind" "enum_topics_kind" DEFAULT 'tag' NOT NULL,
  	"description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "media" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"alt" varchar NOT NULL,
  	"caption" varchar,
  	"credit" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric,
  	"sizes_thumbnail_url" varchar,
  	"sizes_thumbnail_width" numeric,
  	"sizes_thumbnail_height" numeric,
  	"sizes_thumbnail_mime_type" varchar,
  	"sizes_thumbnail_filesize" numeric,
  	"sizes_thumbnail_filename" varchar,
  	"sizes_card_url" varchar,
  	"sizes_card_width" numeric,
  	"sizes_card_height" numeric,
  	"sizes_card_mime_type" varchar,
  	"sizes_card_filesize" numeric,
  	"sizes_card_filename" varchar,
  	"sizes_hero_url" varchar,
  	"sizes_hero_width" numeric,
  	"sizes_hero_height" numeric,
  	"sizes_hero_mime_type" varchar,
  	"sizes_hero_filesize" numeric,
  	"sizes_hero_filename" varchar,
  	"sizes_og_url" varchar,
  	"sizes_og_width" numeric,
  	"sizes_og_height" numeric,
  	"sizes_og_mime_type" varchar,
  	"sizes_og_filesize" numeric,
  	"sizes_og_filename" varchar
  );
  
  CREATE TABLE "comments_hold_reasons" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"code" varchar,
  	"text" varchar
  );
  
  CREATE TABLE "comments_moderation_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"at" timestamp(3) with time zone,
  	"by_id" uuid,
  	"from" varchar,
  	"to" varchar,
  	"reason" varchar,
  	"note" varchar
  );
  
  CREATE TABLE "comments_reports" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"reason" "enum_comments_reports_reason",
  	"at" timestamp(3) with time zone,
  	"reporter_key" varchar
  );
  
  CREATE TABLE "comments" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"article_id" uuid NOT NULL,
  	"parent_id" uuid,
  	"depth" numeric DEFAULT 1,
  	"thread_id" uuid,
  	"starts_thread" boolean DEFAULT true,
  	"author_kind" "enum_comments_author_kind" NOT NULL,
  	"author_name" varchar NOT NULL,
  	"author_url" varchar,
  	"avatar_key" varchar,
  	"reader_id" uuid,
  	"signed_in_with" "enum_comments_signed_in_with",
  	"guest_commenter_id" uuid,
  	"staff_author_id" uuid,
  	"guest_email" varchar,
  	"body" varchar NOT NULL,
  	"status" "enum_comments_status" DEFAULT 'pending' NOT NULL,
  	"rejection_reason" "enum_comments_rejection_reason",
  	"rejection_note" varchar,
  	"report_count" numeric DEFAULT 0,
  	"identity_key" varchar,
  	"body_hash" varchar,
  	"ip_hash" varchar,
  	"user_agent" varchar,
  	"edited_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "readers_identities" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"provider" "enum_readers_identities_provider" NOT NULL,
  	"subject" varchar NOT NULL,
  	"email" varchar,
  	"email_verified" boolean DEFAULT false,
  	"profile_url" varchar,
  	"avatar_url" varchar,
  	"linked_at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "readers" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"display_name" varchar NOT NULL,
  	"email" varchar,
  	"avatar_url" varchar,
  	"profile_url" varchar,
  	"avatar_image" varchar,
  	"avatar_hash" varchar,
  	"status" "enum_readers_status" DEFAULT 'active' NOT NULL,
  	"suspended_until" timestamp(3) with time zone,
  	"status_reason" varchar,
  	"approved_count" numeric DEFAULT 0,
  	"rejected_count" numeric DEFAULT 0,
  	"last_comment_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "guest_commenters" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"identity_key" varchar NOT NULL,
  	"name" varchar,
  	"email" varchar,
  	"status" "enum_guest_commenters_status" DEFAULT 'active' NOT NULL,
  	"suspended_until" timestamp(3) with time zone,
  	"status_reason" varchar,
  	"approved_count" numeric DEFAULT 0,
  	"rejected_count" numeric DEFAULT 0,
  	"last_comment_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "reader_sessions" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"reader_id" uuid NOT NULL,
  	"token_hash" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"provider" varchar,
  	"user_agent" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "sign_in_attempts" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"state_hash" varchar NOT NULL,
  	"browser_hash" varchar NOT NULL,
  	"provider" varchar NOT NULL,
  	"code_verifier" varchar,
  	"nonce" varchar,
  	"return_to" varchar NOT NULL,
  	"ip_hash" varchar,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "mail_log" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"key" varchar NOT NULL,
  	"purpose" "enum_mail_log_purpose" NOT NULL,
  	"to" varchar NOT NULL,
  	"from" varchar NOT NULL,
  	"subject" varchar NOT NULL,
  	"status" "enum_mail_log_status" DEFAULT 'queued' NOT NULL,
  	"attempts" numeric DEFAULT 0,
  	"last_error" varchar,
  	"sent_at" timestamp(3) with time zone,
  	"text" varchar,
  	"html" varchar,
  	"headers" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "mail_suppressions" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"email" varchar NOT NULL,
  	"reason" "enum_mail_suppressions_reason" NOT NULL,
  	"detail" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "mail_addresses" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"email" varchar NOT NULL,
  	"confirmed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "subscriptions" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"email" varchar NOT NULL,
  	"kind" "enum_subscriptions_kind" NOT NULL,
  	"article_id" uuid,
  	"status" "enum_subscriptions_status" DEFAULT 'unconfirmed' NOT NULL,
  	"frequency" "enum_subscriptions_frequency",
  	"unsubscribed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "comment_changes" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"batch" jsonb NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "redirects" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"from" varchar NOT NULL,
  	"to" varchar NOT NULL,
  	"origin" "enum_redirects_origin" DEFAULT 'editor',
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "import_origins" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"site" varchar NOT NULL,
  	"kind" "enum_import_origins_kind" NOT NULL,
  	"source_id" varchar NOT NULL,
  	"doc_id" varchar NOT NULL,
  	"digest" varchar NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "import_runs" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"file" varchar NOT NULL,
  	"format" varchar,
  	"site" varchar,
  	"dry_run" boolean DEFAULT false,
  	"status" "enum_import_runs_status" NOT NULL,
  	"started_at" timestamp(3) with time zone,
  	"finished_at" timestamp(3) with time zone,
  	"error" varchar,
  	"report_text" varchar,
  	"report" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_kv" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"key" varchar NOT NULL,
  	"data" jsonb NOT NULL
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" uuid NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"meta" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"global_slug" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" uuid,
  	"articles_id" uuid,
  	"sources_id" uuid,
  	"threat_actors_id" uuid,
  	"topics_id" uuid,
  	"media_id" uuid,
  	"comments_id" uuid,
  	"readers_id" uuid,
  	"guest_commenters_id" uuid,
  	"reader_sessions_id" uuid,
  	"sign_in_attempts_id" uuid,
  	"mail_log_id" uuid,
  	"mail_suppressions_id" uuid,
  	"mail_addresses_id" uuid,
  	"subscriptions_id" uuid,
  	"comment_changes_id" uuid,
  	"redirects_id" uuid,
  	"import_origins_id" uuid,
  	"import_runs_id" uuid
  );
  
  CREATE TABLE "payload_preferences" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"key" varchar,
  	"value" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_preferences_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" uuid NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" uuid,
  	"readers_id" uuid
  );
  
  CREATE TABLE "payload_migrations" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"name" varchar,
  	"batch" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "comment_policy" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"mode" "enum_comment_policy_mode" DEFAULT 'hold-until-approved' NOT NULL,
  	"allow_guests" boolean DEFAULT true,
  	"mail_commenter_outcomes" boolean DEFAULT false,
  	"require_name_and_email" boolean DEFAULT true,
  	"max_links" numeric DEFAULT 2 NOT NULL,
  	"moderation_words" varchar,
  	"disallowed_words" varchar,
  	"flood_seconds" numeric DEFAULT 15 NOT NULL,
  	"duplicate_window_hours" numeric DEFAULT 0 NOT NULL,
  	"min_seconds_before_submit" numeric DEFAULT 3 NOT NULL,
  	"edit_window_minutes" numeric DEFAULT 5 NOT NULL,
  	"close_after_days" numeric DEFAULT 0 NOT NULL,
  	"max_depth" numeric DEFAULT 5 NOT NULL,
  	"per_page" numeric DEFAULT 50 NOT NULL,
  	"order" "enum_comment_policy_order" DEFAULT 'oldest' NOT NULL,
  	"max_body_bytes" numeric DEFAULT 65525 NOT NULL,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "site_state" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"content_version" varchar,
  	"comments_version" varchar,
  	"personal_version" varchar,
  	"job_runner" varchar,
  	"job_runner_until" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  ALTER TABLE "users_roles" ADD CONSTRAINT "users_roles_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "users_sessions" ADD CONSTRAINT "users_sessions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_adapted_from" ADD CONSTRAINT "articles_adapted_from_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_adapted_from" ADD CONSTRAINT "articles_adapted_from_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_incident_sectors" ADD CONSTRAINT "articles_incident_sectors_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_incident_attack_types" ADD CONSTRAINT "articles_incident_attack_types_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_review_log" ADD CONSTRAINT "articles_review_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_review_log" ADD CONSTRAINT "articles_review_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_corrections" ADD CONSTRAINT "articles_corrections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_hero_image_id_media_id_fk" FOREIGN KEY ("hero_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_section_id_topics_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_texts" ADD CONSTRAINT "articles_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_threat_actors_fk" FOREIGN KEY ("threat_actors_id") REFERENCES "public"."threat_actors"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_topics_fk" FOREIGN KEY ("topics_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_adapted_from" ADD CONSTRAINT "_articles_v_version_adapted_from_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_version_adapted_from" ADD CONSTRAINT "_articles_v_version_adapted_from_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_incident_sectors" ADD CONSTRAINT "_articles_v_version_incident_sectors_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_incident_attack_types" ADD CONSTRAINT "_articles_v_version_incident_attack_types_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_review_log" ADD CONSTRAINT "_articles_v_version_review_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_version_review_log" ADD CONSTRAINT "_articles_v_version_review_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_corrections" ADD CONSTRAINT "_articles_v_version_corrections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_parent_id_articles_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_hero_image_id_media_id_fk" FOREIGN KEY ("version_hero_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_section_id_topics_id_fk" FOREIGN KEY ("version_section_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_texts" ADD CONSTRAINT "_articles_v_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_threat_actors_fk" FOREIGN KEY ("threat_actors_id") REFERENCES "public"."threat_actors"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_topics_fk" FOREIGN KEY ("topics_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "sources" ADD CONSTRAINT "sources_logo_id_media_id_fk" FOREIGN KEY ("logo_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "threat_actors_texts" ADD CONSTRAINT "threat_actors_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."threat_actors"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "comments_hold_reasons" ADD CONSTRAINT "comments_hold_reasons_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "comments_moderation_log" ADD CONSTRAINT "comments_moderation_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments_moderation_log" ADD CONSTRAINT "comments_moderation_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "comments_reports" ADD CONSTRAINT "comments_reports_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_parent_id_comments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."comments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_thread_id_comments_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."comments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_reader_id_readers_id_fk" FOREIGN KEY ("reader_id") REFERENCES "public"."readers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_guest_commenter_id_guest_commenters_id_fk" FOREIGN KEY ("guest_commenter_id") REFERENCES "public"."guest_commenters"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "comments" ADD CONSTRAINT "comments_staff_author_id_users_id_fk" FOREIGN KEY ("staff_author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "readers_identities" ADD CONSTRAINT "readers_identities_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."readers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "reader_sessions" ADD CONSTRAINT "reader_sessions_reader_id_readers_id_fk" FOREIGN KEY ("reader_id") REFERENCES "public"."readers"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_locked_documents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_articles_fk" FOREIGN KEY ("articles_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sources_fk" FOREIGN KEY ("sources_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_threat_actors_fk" FOREIGN KEY ("threat_actors_id") REFERENCES "public"."threat_actors"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_topics_fk" FOREIGN KEY ("topics_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_comments_fk" FOREIGN KEY ("comments_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_readers_fk" FOREIGN KEY ("readers_id") REFERENCES "public"."readers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_guest_commenters_fk" FOREIGN KEY ("guest_commenters_id") REFERENCES "public"."guest_commenters"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_reader_sessions_fk" FOREIGN KEY ("reader_sessions_id") REFERENCES "public"."reader_sessions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_sign_in_attempts_fk" FOREIGN KEY ("sign_in_attempts_id") REFERENCES "public"."sign_in_attempts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_mail_log_fk" FOREIGN KEY ("mail_log_id") REFERENCES "public"."mail_log"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_mail_suppressions_fk" FOREIGN KEY ("mail_suppressions_id") REFERENCES "public"."mail_suppressions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_mail_addresses_fk" FOREIGN KEY ("mail_addresses_id") REFERENCES "public"."mail_addresses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_subscriptions_fk" FOREIGN KEY ("subscriptions_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_comment_changes_fk" FOREIGN KEY ("comment_changes_id") REFERENCES "public"."comment_changes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_redirects_fk" FOREIGN KEY ("redirects_id") REFERENCES "public"."redirects"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_import_origins_fk" FOREIGN KEY ("import_origins_id") REFERENCES "public"."import_origins"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_import_runs_fk" FOREIGN KEY ("import_runs_id") REFERENCES "public"."import_runs"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_readers_fk" FOREIGN KEY ("readers_id") REFERENCES "public"."readers"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "users_roles_order_idx" ON "users_roles" USING btree ("order");
  CREATE INDEX "users_roles_parent_idx" ON "users_roles" USING btree ("parent_id");
  CREATE INDEX "users_sessions_order_idx" ON "users_sessions" USING btree ("_order");
  CREATE INDEX "users_sessions_parent_id_idx" ON "users_sessions" USING btree ("_parent_id");
  CREATE INDEX "users_updated_at_idx" ON "users" USING btree ("updated_at");
  CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");
  CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");
  CREATE INDEX "articles_adapted_from_order_idx" ON "articles_adapted_from" USING btree ("_order");
  CREATE INDEX "articles_adapted_from_parent_id_idx" ON "articles_adapted_from" USING btree ("_parent_id");
  CREATE INDEX "articles_adapted_from_source_idx" ON "articles_adapted_from" USING btree ("source_id");
  CREATE INDEX "articles_incident_sectors_order_idx" ON "articles_incident_sectors" USING btree ("order");
  CREATE INDEX "articles_incident_sectors_parent_idx" ON "articles_incident_sectors" USING btree ("parent_id");
  CREATE INDEX "articles_incident_attack_types_order_idx" ON "articles_incident_attack_types" USING btree ("order");
  CREATE INDEX "articles_incident_attack_types_parent_idx" ON "articles_incident_attack_types" USING btree ("parent_id");
  CREATE INDEX "articles_review_log_order_idx" ON "articles_review_log" USING btree ("_order");
  CREATE INDEX "articles_review_log_parent_id_idx" ON "articles_review_log" USING btree ("_parent_id");
  CREATE INDEX "articles_review_log_by_idx" ON "articles_review_log" USING btree ("by_id");
  CREATE INDEX "articles_corrections_order_idx" ON "articles_corrections" USING btree ("_order");
  CREATE INDEX "articles_corrections_parent_id_idx" ON "articles_corrections" USING btree ("_parent_id");
  CREATE INDEX "articles_hero_image_idx" ON "articles" USING btree ("hero_image_id");
  CREATE INDEX "articles_review_state_idx" ON "articles" USING btree ("review_state");
  CREATE UNIQUE INDEX "articles_slug_idx" ON "articles" USING btree ("slug");
  CREATE INDEX "articles_section_idx" ON "articles" USING btree ("section_id");
  CREATE INDEX "articles_published_at_idx" ON "articles" USING btree ("published_at");
  CREATE INDEX "articles_updated_at_idx" ON "articles" USING btree ("updated_at");
  CREATE INDEX "articles_created_at_idx" ON "articles" USING btree ("created_at");
  CREATE INDEX "articles__status_idx" ON "articles" USING btree ("_status");
  CREATE INDEX "articles_texts_order_parent" ON "articles_texts" USING btree ("order","parent_id");
  CREATE INDEX "articles_texts_parent_path_idx" ON "articles_texts" USING btree ("parent_id","path");
  CREATE INDEX "articles_rels_order_idx" ON "articles_rels" USING btree ("order");
  CREATE INDEX "articles_rels_parent_idx" ON "articles_rels" USING btree ("parent_id");
  CREATE INDEX "articles_rels_path_idx" ON "articles_rels" USING btree ("path");
  CREATE INDEX "articles_rels_threat_actors_id_idx" ON "articles_rels" USING btree ("threat_actors_id");
  CREATE INDEX "articles_rels_users_id_idx" ON "articles_rels" USING btree ("users_id");
  CREATE INDEX "articles_rels_topics_id_idx" ON "articles_rels" USING btree ("topics_id");
  CREATE INDEX "_articles_v_version_adapted_from_order_idx" ON "_articles_v_version_adapted_from" USING btree ("_order");
  CREATE INDEX "_articles_v_version_adapted_from_parent_id_idx" ON "_articles_v_version_adapted_from" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_adapted_from_source_idx" ON "_articles_v_version_adapted_from" USING btree ("source_id");
  CREATE INDEX "_articles_v_version_incident_sectors_order_idx" ON "_articles_v_version_incident_sectors" USING btree ("order");
  CREATE INDEX "_articles_v_version_incident_sectors_parent_idx" ON "_articles_v_version_incident_sectors" USING btree ("parent_id");
  CREATE INDEX "_articles_v_version_incident_attack_types_order_idx" ON "_articles_v_version_incident_attack_types" USING btree ("order");
  CREATE INDEX "_articles_v_version_incident_attack_types_parent_idx" ON "_articles_v_version_incident_attack_types" USING btree ("parent_id");
  CREATE INDEX "_articles_v_version_review_log_order_idx" ON "_articles_v_version_review_log" USING btree ("_order");
  CREATE INDEX "_articles_v_version_review_log_parent_id_idx" ON "_articles_v_version_review_log" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_review_log_by_idx" ON "_articles_v_version_review_log" USING btree ("by_id");
  CREATE INDEX "_articles_v_version_corrections_order_idx" ON "_articles_v_version_corrections" USING btree ("_order");
  CREATE INDEX "_articles_v_version_corrections_parent_id_idx" ON "_articles_v_version_corrections" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_parent_idx" ON "_articles_v" USING btree ("parent_id");
  CREATE INDEX "_articles_v_version_version_hero_image_idx" ON "_articles_v" USING btree ("version_hero_image_id");
  CREATE INDEX "_articles_v_version_version_review_state_idx" ON "_articles_v" USING btree ("version_review_state");
  CREATE INDEX "_articles_v_version_version_slug_idx" ON "_articles_v" USING btree ("version_slug");
  CREATE INDEX "_articles_v_version_version_section_idx" ON "_articles_v" USING btree ("version_section_id");
  CREATE INDEX "_articles_v_version_version_published_at_idx" ON "_articles_v" USING btree ("version_published_at");
  CREATE INDEX "_articles_v_version_version_updated_at_idx" ON "_articles_v" USING btree ("version_updated_at");
  CREATE INDEX "_articles_v_version_version_created_at_idx" ON "_articles_v" USING btree ("version_created_at");
  CREATE INDEX "_articles_v_version_version__status_idx" ON "_articles_v" USING btree ("version__status");
  CREATE INDEX "_articles_v_created_at_idx" ON "_articles_v" USING btree ("created_at");
  CREATE INDEX "_articles_v_updated_at_idx" ON "_articles_v" USING btree ("updated_at");
  CREATE INDEX "_articles_v_latest_idx" ON "_articles_v" USING btree ("latest");
  CREATE INDEX "_articles_v_autosave_idx" ON "_articles_v" USING btree ("autosave");
  CREATE INDEX "_articles_v_texts_order_parent" ON "_articles_v_texts" USING btree ("order","parent_id");
  CREATE INDEX "_articles_v_texts_parent_path_idx" ON "_articles_v_texts" USING btree ("parent_id","path");
  CREATE INDEX "_articles_v_rels_order_idx" ON "_articles_v_rels" USING btree ("order");
  CREATE INDEX "_articles_v_rels_parent_idx" ON "_articles_v_rels" USING btree ("parent_id");
  CREATE INDEX "_articles_v_rels_path_idx" ON "_articles_v_rels" USING btree ("path");
  CREATE INDEX "_articles_v_rels_threat_actors_id_idx" ON "_articles_v_rels" USING btree ("threat_actors_id");
  CREATE INDEX "_articles_v_rels_users_id_idx" ON "_articles_v_rels" USING btree ("users_id");
  CREATE INDEX "_articles_v_rels_topics_id_idx" ON "_articles_v_rels" USING btree ("topics_id");
  CREATE UNIQUE INDEX "sources_name_idx" ON "sources" USING btree ("name");
  CREATE INDEX "sources_logo_idx" ON "sources" USING btree ("logo_id");
  CREATE INDEX "sources_updated_at_idx" ON "sources" USING btree ("updated_at");
  CREATE INDEX "sources_created_at_idx" ON "sources" USING btree ("created_at");
  CREATE UNIQUE INDEX "threat_actors_name_idx" ON "threat_actors" USING btree ("name");
  CREATE UNIQUE INDEX "threat_actors_slug_idx" ON "threat_actors" USING btree ("slug");
  CREATE INDEX "threat_actors_updated_at_idx" ON "threat_actors" USING btree ("updated_at");
  CREATE INDEX "threat_actors_created_at_idx" ON "threat_actors" USING btree ("created_at");
  CREATE INDEX "threat_actors_texts_order_parent" ON "threat_actors_texts" USING btree ("order","parent_id");
  CREATE INDEX "threat_actors_texts_parent_path_idx" ON "threat_actors_texts" USING btree ("parent_id","path");
  CREATE UNIQUE INDEX "topics_name_idx" ON "topics" USING btree ("name");
  CREATE UNIQUE INDEX "topics_slug_idx" ON "topics" USING btree ("slug");
  CREATE INDEX "topics_kind_idx" ON "topics" USING btree ("kind");
  CREATE INDEX "topics_updated_at_idx" ON "topics" USING btree ("updated_at");
  CREATE INDEX "topics_created_at_idx" ON "topics" USING btree ("created_at");
  CREATE INDEX "media_updated_at_idx" ON "media" USING btree ("updated_at");
  CREATE INDEX "media_created_at_idx" ON "media" USING btree ("created_at");
  CREATE UNIQUE INDEX "media_filename_idx" ON "media" USING btree ("filename");
  CREATE INDEX "media_sizes_thumbnail_sizes_thumbnail_filename_idx" ON "media" USING btree ("sizes_thumbnail_filename");
  CREATE INDEX "media_sizes_card_sizes_card_filename_idx" ON "media" USING btree ("sizes_card_filename");
  CREATE INDEX "media_sizes_hero_sizes_hero_filename_idx" ON "media" USING btree ("sizes_hero_filename");
  CREATE INDEX "media_sizes_og_sizes_og_filename_idx" ON "media" USING btree ("sizes_og_filename");
  CREATE INDEX "comments_hold_reasons_order_idx" ON "comments_hold_reasons" USING btree ("_order");
  CREATE INDEX "comments_hold_reasons_parent_id_idx" ON "comments_hold_reasons" USING btree ("_parent_id");
  CREATE INDEX "comments_moderation_log_order_idx" ON "comments_moderation_log" USING btree ("_order");
  CREATE INDEX "comments_moderation_log_parent_id_idx" ON "comments_moderation_log" USING btree ("_parent_id");
  CREATE INDEX "comments_moderation_log_by_idx" ON "comments_moderation_log" USING btree ("by_id");
  CREATE INDEX "comments_reports_order_idx" ON "comments_reports" USING btree ("_order");
  CREATE INDEX "comments_reports_parent_id_idx" ON "comments_reports" USING btree ("_parent_id");
  CREATE INDEX "comments_article_idx" ON "comments" USING btree ("article_id");
  CREATE INDEX "comments_parent_idx" ON "comments" USING btree ("parent_id");
  CREATE INDEX "comments_thread_idx" ON "comments" USING btree ("thread_id");
  CREATE INDEX "comments_reader_idx" ON "comments" USING btree ("reader_id");
  CREATE INDEX "comments_guest_commenter_idx" ON "comments" USING btree ("guest_commenter_id");
  CREATE INDEX "comments_staff_author_idx" ON "comments" USING btree ("staff_author_id");
  CREATE INDEX "comments_status_idx" ON "comments" USING btree ("status");
  CREATE INDEX "comments_report_count_idx" ON "comments" USING btree ("report_count");
  CREATE INDEX "comments_identity_key_idx" ON "comments" USING btree ("identity_key");
  CREATE INDEX "comments_body_hash_idx" ON "comments" USING btree ("body_hash");
  CREATE INDEX "comments_ip_hash_idx" ON "comments" USING btree ("ip_hash");
  CREATE INDEX "comments_updated_at_idx" ON "comments" USING btree ("updated_at");
  CREATE INDEX "comments_created_at_idx" ON "comments" USING btree ("created_at");
  CREATE INDEX "status_createdAt_idx" ON "comments" USING btree ("status","created_at");
  CREATE INDEX "article_status_createdAt_idx" ON "comments" USING btree ("article_id","status","created_at");
  CREATE INDEX "article_status_startsThread_createdAt_idx" ON "comments" USING btree ("article_id","status","starts_thread","created_at");
  CREATE INDEX "thread_status_createdAt_idx" ON "comments" USING btree ("thread_id","status","created_at");
  CREATE INDEX "status_reportCount_idx" ON "comments" USING btree ("status","report_count");
  CREATE INDEX "guestCommenter_status_idx" ON "comments" USING btree ("guest_commenter_id","status");
  CREATE INDEX "reader_status_idx" ON "comments" USING btree ("reader_id","status");
  CREATE INDEX "readers_identities_order_idx" ON "readers_identities" USING btree ("_order");
  CREATE INDEX "readers_identities_parent_id_idx" ON "readers_identities" USING btree ("_parent_id");
  CREATE INDEX "readers_identities_key_idx" ON "readers_identities" USING btree ("key");
  CREATE INDEX "readers_identities_email_idx" ON "readers_identities" USING btree ("email");
  CREATE INDEX "readers_status_idx" ON "readers" USING btree ("status");
  CREATE INDEX "readers_updated_at_idx" ON "readers" USING btree ("updated_at");
  CREATE INDEX "readers_created_at_idx" ON "readers" USING btree ("created_at");
  CREATE UNIQUE INDEX "guest_commenters_identity_key_idx" ON "guest_commenters" USING btree ("identity_key");
  CREATE INDEX "guest_commenters_status_idx" ON "guest_commenters" USING btree ("status");
  CREATE INDEX "guest_commenters_updated_at_idx" ON "guest_commenters" USING btree ("updated_at");
  CREATE INDEX "guest_commenters_created_at_idx" ON "guest_commenters" USING btree ("created_at");
  CREATE INDEX "reader_sessions_reader_idx" ON "reader_sessions" USING btree ("reader_id");
  CREATE UNIQUE INDEX "reader_sessions_token_hash_idx" ON "reader_sessions" USING btree ("token_hash");
  CREATE INDEX "reader_sessions_expires_at_idx" ON "reader_sessions" USING btree ("expires_at");
  CREATE INDEX "reader_sessions_updated_at_idx" ON "reader_sessions" USING btree ("updated_at");
  CREATE INDEX "reader_sessions_created_at_idx" ON "reader_sessions" USING btree ("created_at");
  CREATE UNIQUE INDEX "sign_in_attempts_state_hash_idx" ON "sign_in_attempts" USING btree ("state_hash");
  CREATE INDEX "sign_in_attempts_ip_hash_idx" ON "sign_in_attempts" USING btree ("ip_hash");
  CREATE INDEX "sign_in_attempts_expires_at_idx" ON "sign_in_attempts" USING btree ("expires_at");
  CREATE INDEX "sign_in_attempts_updated_at_idx" ON "sign_in_attempts" USING btree ("updated_at");
  CREATE INDEX "sign_in_attempts_created_at_idx" ON "sign_in_attempts" USING btree ("created_at");
  CREATE UNIQUE INDEX "mail_log_key_idx" ON "mail_log" USING btree ("key");
  CREATE INDEX "mail_log_purpose_idx" ON "mail_log" USING btree ("purpose");
  CREATE INDEX "mail_log_to_idx" ON "mail_log" USING btree ("to");
  CREATE INDEX "mail_log_status_idx" ON "mail_log" USING btree ("status");
  CREATE INDEX "mail_log_updated_at_idx" ON "mail_log" USING btree ("updated_at");
  CREATE INDEX "mail_log_created_at_idx" ON "mail_log" USING btree ("created_at");
  CREATE UNIQUE INDEX "mail_suppressions_email_idx" ON "mail_suppressions" USING btree ("email");
  CREATE INDEX "mail_suppressions_updated_at_idx" ON "mail_suppressions" USING btree ("updated_at");
  CREATE INDEX "mail_suppressions_created_at_idx" ON "mail_suppressions" USING btree ("created_at");
  CREATE UNIQUE INDEX "mail_addresses_email_idx" ON "mail_addresses" USING btree ("email");
  CREATE INDEX "mail_addresses_updated_at_idx" ON "mail_addresses" USING btree ("updated_at");
  CREATE INDEX "mail_addresses_created_at_idx" ON "mail_addresses" USING btree ("created_at");
  CREATE INDEX "subscriptions_email_idx" ON "subscriptions" USING btree ("email");
  CREATE INDEX "subscriptions_article_idx" ON "subscriptions" USING btree ("article_id");
  CREATE INDEX "subscriptions_status_idx" ON "subscriptions" USING btree ("status");
  CREATE INDEX "subscriptions_updated_at_idx" ON "subscriptions" USING btree ("updated_at");
  CREATE INDEX "subscriptions_created_at_idx" ON "subscriptions" USING btree ("created_at");
  CREATE INDEX "comment_changes_updated_at_idx" ON "comment_changes" USING btree ("updated_at");
  CREATE INDEX "comment_changes_created_at_idx" ON "comment_changes" USING btree ("created_at");
  CREATE UNIQUE INDEX "redirects_from_idx" ON "redirects" USING btree ("from");
  CREATE INDEX "redirects_updated_at_idx" ON "redirects" USING btree ("updated_at");
  CREATE INDEX "redirects_created_at_idx" ON "redirects" USING btree ("created_at");
  CREATE INDEX "import_origins_doc_id_idx" ON "import_origins" USING btree ("doc_id");
  CREATE INDEX "import_origins_updated_at_idx" ON "import_origins" USING btree ("updated_at");
  CREATE INDEX "import_origins_created_at_idx" ON "import_origins" USING btree ("created_at");
  CREATE UNIQUE INDEX "site_kind_sourceId_idx" ON "import_origins" USING btree ("site","kind","source_id");
  CREATE INDEX "import_runs_updated_at_idx" ON "import_runs" USING btree ("updated_at");
  CREATE INDEX "import_runs_created_at_idx" ON "import_runs" USING btree ("created_at");
  CREATE UNIQUE INDEX "payload_kv_key_idx" ON "payload_kv" USING btree ("key");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_global_slug_idx" ON "payload_locked_documents" USING btree ("global_slug");
  CREATE INDEX "payload_locked_documents_updated_at_idx" ON "payload_locked_documents" USING btree ("updated_at");
  CREATE INDEX "payload_locked_documents_created_at_idx" ON "payload_locked_documents" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_rels_order_idx" ON "payload_locked_documents_rels" USING btree ("order");
  CREATE INDEX "payload_locked_documents_rels_parent_idx" ON "payload_locked_documents_rels" USING btree ("parent_id");
  CREATE INDEX "payload_locked_documents_rels_path_idx" ON "payload_locked_documents_rels" USING btree ("path");
  CREATE INDEX "payload_locked_documents_rels_users_id_idx" ON "payload_locked_documents_rels" USING btree ("users_id");
  CREATE INDEX "payload_locked_documents_rels_articles_id_idx" ON "payload_locked_documents_rels" USING btree ("articles_id");
  CREATE INDEX "payload_locked_documents_rels_sources_id_idx" ON "payload_locked_documents_rels" USING btree ("sources_id");
  CREATE INDEX "payload_locked_documents_rels_threat_actors_id_idx" ON "payload_locked_documents_rels" USING btree ("threat_actors_id");
  CREATE INDEX "payload_locked_documents_rels_topics_id_idx" ON "payload_locked_documents_rels" USING btree ("topics_id");
  CREATE INDEX "payload_locked_documents_rels_media_id_idx" ON "payload_locked_documents_rels" USING btree ("media_id");
  CREATE INDEX "payload_locked_documents_rels_comments_id_idx" ON "payload_locked_documents_rels" USING btree ("comments_id");
  CREATE INDEX "payload_locked_documents_rels_readers_id_idx" ON "payload_locked_documents_rels" USING btree ("readers_id");
  CREATE INDEX "payload_locked_documents_rels_guest_commenters_id_idx" ON "payload_locked_documents_rels" USING btree ("guest_commenters_id");
  CREATE INDEX "payload_locked_documents_rels_reader_sessions_id_idx" ON "payload_locked_documents_rels" USING btree ("reader_sessions_id");
  CREATE INDEX "payload_locked_documents_rels_sign_in_attempts_id_idx" ON "payload_locked_documents_rels" USING btree ("sign_in_attempts_id");
  CREATE INDEX "payload_locked_documents_rels_mail_log_id_idx" ON "payload_locked_documents_rels" USING btree ("mail_log_id");
  CREATE INDEX "payload_locked_documents_rels_mail_suppressions_id_idx" ON "payload_locked_documents_rels" USING btree ("mail_suppressions_id");
  CREATE INDEX "payload_locked_documents_rels_mail_addresses_id_idx" ON "payload_locked_documents_rels" USING btree ("mail_addresses_id");
  CREATE INDEX "payload_locked_documents_rels_subscriptions_id_idx" ON "payload_locked_documents_rels" USING btree ("subscriptions_id");
  CREATE INDEX "payload_locked_documents_rels_comment_changes_id_idx" ON "payload_locked_documents_rels" USING btree ("comment_changes_id");
  CREATE INDEX "payload_locked_documents_rels_redirects_id_idx" ON "payload_locked_documents_rels" USING btree ("redirects_id");
  CREATE INDEX "payload_locked_documents_rels_import_origins_id_idx" ON "payload_locked_documents_rels" USING btree ("import_origins_id");
  CREATE INDEX "payload_locked_documents_rels_import_runs_id_idx" ON "payload_locked_documents_rels" USING btree ("import_runs_id");
  CREATE INDEX "payload_preferences_key_idx" ON "payload_preferences" USING btree ("key");
  CREATE INDEX "payload_preferences_updated_at_idx" ON "payload_preferences" USING btree ("updated_at");
  CREATE INDEX "payload_preferences_created_at_idx" ON "payload_preferences" USING btree ("created_at");
  CREATE INDEX "payload_preferences_rels_order_idx" ON "payload_preferences_rels" USING btree ("order");
  CREATE INDEX "payload_preferences_rels_parent_idx" ON "payload_preferences_rels" USING btree ("parent_id");
  CREATE INDEX "payload_preferences_rels_path_idx" ON "payload_preferences_rels" USING btree ("path");
  CREATE INDEX "payload_preferences_rels_users_id_idx" ON "payload_preferences_rels" USING btree ("users_id");
  CREATE INDEX "payload_preferences_rels_readers_id_idx" ON "payload_preferences_rels" USING btree ("readers_id");
  CREATE INDEX "payload_migrations_updated_at_idx" ON "payload_migrations" USING btree ("updated_at");
  CREATE INDEX "payload_migrations_created_at_idx" ON "payload_migrations" USING btree ("created_at");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "users_roles" CASCADE;
  DROP TABLE "users_sessions" CASCADE;
  DROP TABLE "users" CASCADE;
  DROP TABLE "articles_adapted_from" CASCADE;
  DROP TABLE "articles_incident_sectors" CASCADE;
  DROP TABLE "articles_incident_attack_types" CASCADE;
  DROP TABLE "articles_review_log" CASCADE;
  DROP TABLE "articles_corrections" CASCADE;
  DROP TABLE "articles" CASCADE;
  DROP TABLE "articles_texts" CASCADE;
  DROP TABLE "articles_rels" CASCADE;
  DROP TABLE "_articles_v_version_adapted_from" CASCADE;
  DROP TABLE "_articles_v_version_incident_sectors" CASCADE;
  DROP TABLE "_articles_v_version_incident_attack_types" CASCADE;
  DROP TABLE "_articles_v_version_review_log" CASCADE;
  DROP TABLE "_articles_v_version_corrections" CASCADE;
  DROP TABLE "_articles_v" CASCADE;
  DROP TABLE "_articles_v_texts" CASCADE;
  DROP TABLE "_articles_v_rels" CASCADE;
  DROP TABLE "sources" CASCADE;
  DROP TABLE "threat_actors" CASCADE;
  DROP TABLE "threat_actors_texts" CASCADE;
  DROP TABLE "topics" CASCADE;
  DROP TABLE "media" CASCADE;
  DROP TABLE "comments_hold_reasons" CASCADE;
  DROP TABLE "comments_moderation_log" CASCADE;
  DROP TABLE "comments_reports" CASCADE;
  DROP TABLE "comments" CASCADE;
  DROP TABLE "readers_identities" CASCADE;
  DROP TABLE "readers" CASCADE;
  DROP TABLE "guest_commenters" CASCADE;
  DROP TABLE "reader_sessions" CASCADE;
  DROP TABLE "sign_in_attempts" CASCADE;
  DROP TABLE "mail_log" CASCADE;
  DROP TABLE "mail_suppressions" CASCADE;
  DROP TABLE "mail_addresses" CASCADE;
  DROP TABLE "subscriptions" CASCADE;
  DROP TABLE "comment_changes" CASCADE;
  DROP TABLE "redirects" CASCADE;
  DROP TABLE "import_origins" CASCADE;
  DROP TABLE "import_runs" CASCADE;
  DROP TABLE "payload_kv" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  DROP TABLE "payload_locked_documents" CASCADE;
  DROP TABLE "payload_locked_documents_rels" CASCADE;
  DROP TABLE "payload_preferences" CASCADE;
  DROP TABLE "payload_preferences_rels" CASCADE;
  DROP TABLE "payload_migrations" CASCADE;
  DROP TABLE "comment_policy" CASCADE;
  DROP TABLE "site_state" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  DROP TYPE "public"."enum_users_roles";
  DROP TYPE "public"."enum_users_moderation_alerts";
  DROP TYPE "public"."enum_articles_adapted_from_usage";
  DROP TYPE "public"."enum_articles_incident_sectors";
  DROP TYPE "public"."enum_articles_incident_attack_types";
  DROP TYPE "public"."enum_articles_review_log_move";
  DROP TYPE "public"."enum_articles_review_log_from";
  DROP TYPE "public"."enum_articles_review_log_to";
  DROP TYPE "public"."enum_articles_corrections_kind";
  DROP TYPE "public"."enum_articles_incident_attribution_confidence";
  DROP TYPE "public"."enum_articles_incident_status";
  DROP TYPE "public"."enum_articles_review_state";
  DROP TYPE "public"."enum_articles_comments";
  DROP TYPE "public"."enum_articles_status";
  DROP TYPE "public"."enum__articles_v_version_adapted_from_usage";
  DROP TYPE "public"."enum__articles_v_version_incident_sectors";
  DROP TYPE "public"."enum__articles_v_version_incident_attack_types";
  DROP TYPE "public"."enum__articles_v_version_review_log_move";
  DROP TYPE "public"."enum__articles_v_version_review_log_from";
  DROP TYPE "public"."enum__articles_v_version_review_log_to";
  DROP TYPE "public"."enum__articles_v_version_corrections_kind";
  DROP TYPE "public"."enum__articles_v_version_incident_attribution_confidence";
  DROP TYPE "public"."enum__articles_v_version_incident_status";
  DROP TYPE "public"."enum__articles_v_version_review_state";
  DROP TYPE "public"."enum__articles_v_version_comments";
  DROP TYPE "public"."enum__articles_v_version_status";
  DROP TYPE "public"."enum_sources_kind";
  DROP TYPE "public"."enum_sources_reliability";
  DROP TYPE "public"."enum_sources_default_usage";
  DROP TYPE "public"."enum_topics_kind";
  DROP TYPE "public"."enum_comments_reports_reason";
  DROP TYPE "public"."enum_comments_author_kind";
  DROP TYPE "public"."enum_comments_signed_in_with";
  DROP TYPE "public"."enum_comments_status";
  DROP TYPE "public"."enum_comments_rejection_reason";
  DROP TYPE "public"."enum_readers_identities_provider";
  DROP TYPE "public"."enum_readers_status";
  DROP TYPE "public"."enum_guest_commenters_status";
  DROP TYPE "public"."enum_mail_log_purpose";
  DROP TYPE "public"."enum_mail_log_status";
  DROP TYPE "public"."enum_mail_suppressions_reason";
  DROP TYPE "public"."enum_subscriptions_kind";
  DROP TYPE "public"."enum_subscriptions_status";
  DROP TYPE "public"."enum_subscriptions_frequency";
  DROP TYPE "public"."enum_redirects_origin";
  DROP TYPE "public"."enum_import_origins_kind";
  DROP TYPE "public"."enum_import_runs_status";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  DROP TYPE "public"."enum_comment_policy_mode";
  DROP TYPE "public"."enum_comment_policy_order";`)
}
